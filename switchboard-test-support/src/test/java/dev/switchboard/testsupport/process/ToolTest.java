package dev.switchboard.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolTest {

    @Test
    void thePropertyThenTheEnvironmentVariableComeFirst() {
        assertThat(Tool.REDIS_SERVER.property()).isEqualTo("switchboard.redis-server");
        assertThat(Tool.REDIS_SERVER.environmentVariable()).isEqualTo("REDIS_SERVER");
        System.setProperty("switchboard.nginx", "/opt/custom/nginx");
        try {
            assertThat(Tool.NGINX.candidates().get(0)).isEqualTo("/opt/custom/nginx");
            assertThat(Tool.NGINX.candidates()).contains("/usr/sbin/nginx");
        } finally {
            System.clearProperty("switchboard.nginx");
        }
    }

    @Test
    void aMissingToolNamesItsDebianPackage() {
        MissingToolException e = new MissingToolException(Tool.HAPROXY, "/nowhere");
        assertThat(e).hasMessage("no haproxy executable found (looked at /nowhere): install the Debian package haproxy"
                + " (apt-get install haproxy; .ci/run installs it)");
        assertThat(new MissingToolException(Tool.NODE, "x").getMessage()).contains("the Debian package nodejs");
    }

    @Test
    void theInstalledToolsAreFound() {
        // every one of them is installed where the build runs (.ci/run installs them)
        for (Tool tool : Tool.values()) {
            assertThat(tool.find()).as("%s", tool).isPresent();
        }
    }
}
