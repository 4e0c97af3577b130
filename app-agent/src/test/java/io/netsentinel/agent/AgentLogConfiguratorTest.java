package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The logging the agent sets up in code: the format and levels its logback.xml had, on standard error only. */
class AgentLogConfiguratorTest {

  @Test
  void logsTimeLevelAbbreviatedLoggerAndMessageOnStandardErrorAtInfo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream realErr = System.err;
    PrintStream realOut = System.out;
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(new AgentLogConfigurator(name -> null).configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
      context.getLogger("io.netsentinel.detector.syn-flood").info("seen {} SYNs", 200);
      context.getLogger("io.netsentinel.agent.AgentRun").debug("not shown at INFO");
      context.getLogger("org.pcap4j.core.PcapHandle").info("not shown below WARN");
      context.getLogger("org.pcap4j.core.PcapHandle").warn("shown");
    } finally {
      System.setErr(realErr);
      System.setOut(realOut);
      context.stop();
    }
    assertThat(context.getStatusManager().getCopyOfStatusList()).as("logback's status").allMatch(s -> s.getLevel() == ch.qos.logback.core.status.Status.INFO);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
        line -> assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  i\\.n\\.detector\\.syn-flood - seen 200 SYNs"),
        line -> assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  o\\.pcap4j\\.core\\.PcapHandle - shown"));
  }

  @Test
  void stepsAsideForALogbackTestXmlOnTheClassPath() {
    assertThat(new AgentLogConfigurator(name -> name.equals("logback-test.xml") ? getClass().getResource("/") : null)
            .configure(new LoggerContext()))
        .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
  }

  @Test
  void stepsAsideForAConfigurationFileNamedOnTheCommandLine() {
    String before = System.getProperty("logback.configurationFile");
    System.setProperty("logback.configurationFile", "/somewhere/logback.xml");
    try {
      assertThat(new AgentLogConfigurator(name -> null).configure(new LoggerContext()))
          .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    } finally {
      if (before == null) {
        System.clearProperty("logback.configurationFile");
      } else {
        System.setProperty("logback.configurationFile", before);
      }
    }
  }
}
