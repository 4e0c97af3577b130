package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netsentinel.api.Alert;
import io.netsentinel.api.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The syslog sink against a real Unix datagram socket, and the Windows mapping behind a fake EventLogApi. */
class EventLogSinkTest {
  @TempDir Path dir;

  static Alert alert(Severity severity, String message) {
    return new Alert("a-1", Instant.parse("2026-11-24T00:15:30.123456789Z"), severity, "PORT_SCAN", "port_scan",
        message, "10.0.0.5", 40000, "10.0.0.9", 22, "TCP", null, null, "sensor1", "Linux", Map.of());
  }

  @Test
  void sendsCriticalAlertsAsOneRfc5424LineToARealDatagramSocket() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) || hasPython(), "python3 is not installed");
    Path socket = dir.resolve("log.sock");
    // python3 binds the SOCK_DGRAM socket, as syslogd does with /dev/log, and prints the one datagram it receives.
    Process receiver = new ProcessBuilder("python3", "-c",
        "import socket,sys\n"
            + "s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            + "s.bind(sys.argv[1])\n"
            + "s.settimeout(30)\n"
            + "sys.stdout.buffer.write(s.recv(65536))\n",
        socket.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!Files.exists(socket) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      List<String> warnings = new ArrayList<>();
      try (SyslogSink sink = new SyslogSink(socket, "sensor1", 4242, warnings::add)) {
        sink.accept(alert(Severity.MEDIUM, "ignored"));
        sink.accept(alert(Severity.CRITICAL, "10.0.0.5 probed 15 ports \"fast\" [in 2 s]"));
      }
      assertThat(receiver.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String received = new String(receiver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(received).isEqualTo(
          "<26>1 2026-11-24T00:15:30.123456Z sensor1 netsentinel-agent 4242 PORT_SCAN [alert@32473"
              + " category=\"PORT_SCAN\" severity=\"CRITICAL\" src_ip=\"10.0.0.5\" dest_ip=\"10.0.0.9\""
              + " message=\"10.0.0.5 probed 15 ports \\\"fast\\\" [in 2 s\\]\"]"
              + " 10.0.0.5 probed 15 ports \"fast\" [in 2 s]");
      assertThat(warnings).isEmpty();
    } finally {
      receiver.destroy();
    }
  }

  @Test
  void highAlertsUseSeverityErr() {
    SyslogSink sink = new SyslogSink(dir.resolve("none"), "sensor1", 1, w -> {});
    assertThat(sink.format(alert(Severity.HIGH, "m"))).startsWith("<27>1 ");
  }

  @Test
  void warnsOnceAndTurnsItselfOffWhenThereIsNoSyslogSocket() {
    List<String> warnings = new ArrayList<>();
    SyslogSink sink = new SyslogSink(dir.resolve("no-such-socket"), "sensor1", 1, warnings::add);
    sink.accept(alert(Severity.CRITICAL, "one"));
    sink.accept(alert(Severity.HIGH, "two"));
    sink.close();
    assertThat(sink.disabled()).isTrue();
    assertThat(warnings).containsExactly(
        "syslog event log is off: no syslog socket at " + dir.resolve("no-such-socket")
            + " (is a syslog daemon running?)");
  }

  @Test
  void warnsOnceAndTurnsItselfOffWhenNobodyListensOnTheSocket() throws Exception {
    assumeTrue(hasPython(), "python3 is not installed");
    Path socket = dir.resolve("dead.sock");
    // A socket file whose owner has exited: sendto fails with "connection refused".
    Process binder = new ProcessBuilder("python3", "-c",
        "import socket,sys\ns=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\n",
        socket.toString()).start();
    assertThat(binder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(socket).exists();
    List<String> warnings = new ArrayList<>();
    SyslogSink sink = new SyslogSink(socket, "sensor1", 1, warnings::add);
    sink.accept(alert(Severity.CRITICAL, "one"));
    sink.accept(alert(Severity.CRITICAL, "two"));
    sink.close();
    assertThat(sink.disabled()).isTrue();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).startsWith("syslog event log is off: sending to " + socket + ": ");
  }

  @Test
  void windowsLogGetsCriticalAsErrorsAndHighAsWarningsOnly() {
    record Event(int type, int id, String text) {}
    List<Event> events = new ArrayList<>();
    boolean[] closed = {false};
    EventLogApi fake = new EventLogApi() {
      @Override
      public boolean report(int type, int eventId, String message) {
        events.add(new Event(type, eventId, message));
        return true;
      }

      @Override
      public void close() {
        closed[0] = true;
      }
    };
    try (WindowsEventLogSink sink = new WindowsEventLogSink(fake, w -> {})) {
      sink.accept(alert(Severity.CRITICAL, "crit"));
      sink.accept(alert(Severity.HIGH, "high"));
      sink.accept(alert(Severity.MEDIUM, "medium"));
      sink.accept(alert(Severity.LOW, "low"));
    }
    assertThat(events).containsExactly(
        new Event(0x0001, 1001, "CRITICAL PORT_SCAN: crit\r\nsource: 10.0.0.5\r\ndestination: 10.0.0.9"
            + "\r\ndetector: port_scan\r\nalert id: a-1"),
        new Event(0x0002, 1002, "HIGH PORT_SCAN: high\r\nsource: 10.0.0.5\r\ndestination: 10.0.0.9"
            + "\r\ndetector: port_scan\r\nalert id: a-1"));
    assertThat(closed[0]).isTrue();
  }

  @Test
  void windowsLogWarnsOnceWhenReportEventFails() {
    List<String> warnings = new ArrayList<>();
    EventLogApi refusing = new EventLogApi() {
      @Override
      public boolean report(int type, int eventId, String message) {
        return false;
      }

      @Override
      public void close() {}
    };
    WindowsEventLogSink sink = new WindowsEventLogSink(refusing, warnings::add);
    sink.accept(alert(Severity.CRITICAL, "a"));
    sink.accept(alert(Severity.CRITICAL, "b"));
    assertThat(warnings).hasSize(1);
  }

  private static boolean hasPython() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
