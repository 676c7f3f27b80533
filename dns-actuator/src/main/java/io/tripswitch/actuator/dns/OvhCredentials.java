package io.tripswitch.actuator.dns;

import java.util.Objects;

/** The three values an OVH API call is signed with; {@link #toString} never shows them. */
public record OvhCredentials(String applicationKey, String applicationSecret, String consumerKey) {

    public OvhCredentials {
        Objects.requireNonNull(applicationKey, "applicationKey");
        Objects.requireNonNull(applicationSecret, "applicationSecret");
        Objects.requireNonNull(consumerKey, "consumerKey");
    }

    /** {@code text} with every credential value replaced, for messages that echo what a server said. */
    public String scrub(String text) {
        String scrubbed = text;
        for (String value : new String[] {applicationSecret, consumerKey, applicationKey}) {
            if (!value.isEmpty()) {
                scrubbed = scrubbed.replace(value, "***");
            }
        }
        return scrubbed;
    }

    @Override
    public String toString() {
        return "OvhCredentials[***]";
    }
}
