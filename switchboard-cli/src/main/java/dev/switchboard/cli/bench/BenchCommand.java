package dev.switchboard.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code switchboard bench}: load scenarios against any server with the demo {@code room:*} contract. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures a Phoenix Channels server: Switchboard, Phoenix or any server with the demo room:* contract"
                    + " (join always ok; 'ping' replies ok with the payload; 'broadcast' sends event 'msg' with the"
                    + " payload to everyone on the topic, the sender included).",
            "",
            "Exit codes: 0 ok; 1 the run failed; 2 usage error; 3 finished but flagged (messages lost,"
                    + " duplicated or out of order, or operations failed).",
            ""
        },
        subcommands = {IdleScenario.class, FanoutScenario.class, RttScenario.class, ChurnScenario.class, ListenScenario.class,
            PresenceScenario.class, RecoverScenario.class})
public final class BenchCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing scenario: idle, fanout, rtt, churn, presence, listen or recover");
    }
}
