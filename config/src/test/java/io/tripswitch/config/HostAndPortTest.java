package io.tripswitch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostAndPortTest {

    @Test
    void shouldParseAHostAndAPort() {
        assertThat(HostAndPort.parse("127.0.0.1:5353")).isEqualTo(new HostAndPort("127.0.0.1", 5353));
        assertThat(HostAndPort.parse("db.example.test:5432").host()).isEqualTo("db.example.test");
    }

    @Test
    void shouldParseABracketedIpv6Host() {
        HostAndPort parsed = HostAndPort.parse("[::1]:53");

        assertThat(parsed).isEqualTo(new HostAndPort("::1", 53));
        assertThat(parsed).hasToString("[::1]:53");
    }

    @Test
    void shouldRejectWhatIsNotHostColonPort() {
        assertThat(HostAndPort.isValid("127.0.0.1")).isFalse();
        assertThat(HostAndPort.isValid(":53")).isFalse();
        assertThat(HostAndPort.isValid("127.0.0.1:")).isFalse();
        assertThat(HostAndPort.isValid("127.0.0.1:http")).isFalse();
        assertThat(HostAndPort.isValid("127.0.0.1:0")).isFalse();
        assertThat(HostAndPort.isValid("127.0.0.1:65536")).isFalse();
        assertThatThrownBy(() -> HostAndPort.parse("::1:53")).hasMessageContaining("brackets");
    }
}
