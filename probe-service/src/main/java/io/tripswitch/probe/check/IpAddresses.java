package io.tripswitch.probe.check;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.Address;

/** One spelling per IP address, so an address from the configuration compares equal to the same one in a DNS answer. */
final class IpAddresses {

    private IpAddresses() {
    }

    /** The canonical text of an IP literal ({@code 2001:DB8:0::1} → {@code 2001:db8::1}); never resolves a name. */
    static String canonical(String literal) {
        try {
            return canonical(Address.getByAddress(literal));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + literal + "'", e);
        }
    }

    /** IPv4 dotted quad; IPv6 in RFC 5952 form (lower case, longest run of zero groups as {@code ::}). */
    static String canonical(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
