package io.mppfc.launch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One place to run workers: a name or address, and a port if not ssh's default. */
record SshHost(String name, Integer port) {

    private static final Pattern HOST = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^\\s:\\[\\]]+))(?::([0-9]{1,5}))?");

    static SshHost parse(String text) {
        Matcher m = text == null ? null : HOST.matcher(text.strip());
        if (m == null || !m.matches() || text.strip().startsWith("-")) {
            throw new IllegalArgumentException("hosts: \"" + text + "\" is not a host: use name, name:port or "
                    + "[ipv6]:port, without spaces");
        }
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        Integer port = null;
        if (m.group(3) != null) {
            port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("hosts: the port of \"" + text + "\" is not in 1..65535");
            }
        }
        return new SshHost(name, port);
    }

    @Override
    public String toString() {
        String shown = name.contains(":") ? "[" + name + "]" : name;
        return port == null ? shown : shown + ":" + port;
    }
}
