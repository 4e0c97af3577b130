package io.netsentinel.vt;

/**
 * One indicator seen by the packet thread, as the lookup thread receives it.
 *
 * @param indicator the IP address text or the lowercased domain name
 * @param source the internal host that contacted the IP or queried the name (the alert's source)
 * @param dest the alert's destination: the IP itself, or the DNS server that was asked
 * @param weight how many packets this report stands for (to look up the most seen indicators first)
 * @param newPair true for the first report of this (indicator, source) pair: it wants an alert if the verdict is bad;
 *     later reports only add weight
 */
record Sighting(
    String indicator, String source, String dest, Integer destPort, String proto, long weight, boolean newPair) {}
