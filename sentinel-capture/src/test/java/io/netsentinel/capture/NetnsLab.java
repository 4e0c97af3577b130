package io.netsentinel.capture;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace joined to the host by a veth pair: host end {@code vs<rand>} with 10.77.x.1/24, the peer inside
 * {@code ns-<rand>} with 10.77.x.2/24. Needs root and {@code ip}.
 */
public final class NetnsLab implements AutoCloseable {
  public final String namespace;
  public final String hostIface;
  public final String hostIp;
  public final String peerIp;
  private final String peerIface;
  private boolean namespaceMade;
  private boolean linkMade;

  private NetnsLab() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String tag = Integer.toHexString(0x100000 + r.nextInt(0xEFFFFF));
    namespace = "ns-" + tag;
    hostIface = "vs" + tag;
    peerIface = "vp" + tag;
    int x = 1 + r.nextInt(254);
    hostIp = "10.77." + x + ".1";
    peerIp = "10.77." + x + ".2";
  }

  /** Why the lab cannot run here, or null when it can. */
  public static String unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "live capture tests need root (CAP_NET_RAW, CAP_NET_ADMIN and netns); running as "
          + System.getProperty("user.name");
    }
    return onPath("ip") ? null : "the 'ip' command (iproute2) is missing";
  }

  public static NetnsLab create() throws IOException, InterruptedException {
    NetnsLab lab = new NetnsLab();
    try {
      lab.run("ip", "netns", "add", lab.namespace);
      lab.namespaceMade = true;
      lab.run("ip", "link", "add", lab.hostIface, "type", "veth", "peer", "name", lab.peerIface);
      lab.linkMade = true;
      lab.run("ip", "link", "set", lab.peerIface, "netns", lab.namespace);
      lab.run("ip", "addr", "add", lab.hostIp + "/24", "dev", lab.hostIface);
      lab.run("ip", "link", "set", lab.hostIface, "up");
      lab.inNamespace("ip", "addr", "add", lab.peerIp + "/24", "dev", lab.peerIface);
      lab.inNamespace("ip", "link", "set", lab.peerIface, "up");
      lab.inNamespace("ip", "link", "set", "lo", "up");
      return lab;
    } catch (IOException | RuntimeException e) {
      lab.close();
      throw e;
    }
  }

  /** Runs a command in the namespace, at most 20 s. */
  String inNamespace(String... command) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    all.addAll(List.of(command));
    return run(all.toArray(String[]::new));
  }

  /** Pings the host from the namespace {@code count} times, 50 ms apart. */
  void ping(int count) throws IOException, InterruptedException {
    if (onPath("ping")) {
      inNamespace("ping", "-c", String.valueOf(count), "-i", "0.05", "-W", "1", hostIp);
    } else {
      // Without iputils-ping, perl-base (always on Debian) sends the same echo requests through a raw socket.
      inNamespace("perl", "-e", PERL_PING, hostIp, String.valueOf(count));
    }
  }

  private static final String PERL_PING = String.join("\n",
      "use Socket;",
      "socket(my $s, PF_INET, SOCK_RAW, 1) or die \"raw socket: $!\";",
      "my $dst = sockaddr_in(0, inet_aton($ARGV[0]));",
      "for my $seq (1 .. $ARGV[1]) {",
      "  my $p = pack('CCnnn', 8, 0, 0, $$ & 0xffff, $seq) . 'netsentinel!';",
      "  my $sum = unpack('%32n*', $p);",
      "  $sum = ($sum >> 16) + ($sum & 0xffff);",
      "  $sum += $sum >> 16;",
      "  substr($p, 2, 2) = pack('n', ~$sum & 0xffff);",
      "  send($s, $p, 0, $dst) or die \"send: $!\";",
      "  select(undef, undef, undef, 0.05);",
      "}");

  /** True when {@code command} is an executable on the PATH. */
  public static boolean onPath(String command) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (new File(dir, command).canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** Sends {@code count} one-line UDP datagrams from the namespace to the host's port {@code port}. */
  void udpBurst(int count, int port) throws IOException, InterruptedException {
    inNamespace("bash", "-c", "for i in $(seq 1 " + count + "); do echo x > /dev/udp/" + hostIp + "/" + port
        + "; done");
  }

  /** Sends {@code count} datagrams from the namespace to the host's port {@code port} 50 at a time, 2 ms apart: the
   * veth peer's backlog (netdev_max_backlog, 1000) drops a faster burst before any capture sees it. */
  void udpFlood(int count, int port) throws IOException, InterruptedException {
    inNamespace("perl", "-e", "use Socket; socket(my $s, PF_INET, SOCK_DGRAM, 17) or die $!;"
        + " my $d = sockaddr_in($ARGV[1], inet_aton($ARGV[0]));"
        + " for my $i (1 .. $ARGV[2]) { send($s, 'x', 0, $d) or die $!;"
        + " select(undef, undef, undef, 0.002) if $i % 50 == 0; }",
        hostIp, String.valueOf(port), String.valueOf(count));
  }

  /** What the host end dropped on receive, before any capture could see it (the veth backlog overflowing). */
  long hostReceiveDrops() throws IOException {
    return Long.parseLong(java.nio.file.Files.readString(
        java.nio.file.Path.of("/sys/class/net", hostIface, "statistics", "rx_dropped")).strip());
  }

  /** Tries a TCP connect from the namespace to each port in [first, first + count), each bounded to 1 s. */
  public void synSweep(int first, int count) throws IOException, InterruptedException {
    inNamespace("bash", "-c", "for p in $(seq " + first + " " + (first + count - 1) + "); do timeout 1 bash -c "
        + "\"echo > /dev/tcp/" + hostIp + "/$p\" 2>/dev/null; done; true");
  }

  private String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out.strip());
    }
    return out;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    IOException failure = null;
    if (linkMade) {
      try {
        run("ip", "link", "del", hostIface);
      } catch (IOException e) {
        failure = e; // deleting the namespace below also removes the pair
      }
      linkMade = false;
    }
    if (namespaceMade) {
      run("ip", "netns", "del", namespace);
      namespaceMade = false;
      failure = null;
    }
    if (failure != null) {
      throw failure;
    }
  }
}
