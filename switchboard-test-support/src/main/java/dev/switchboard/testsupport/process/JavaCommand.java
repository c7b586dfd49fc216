package dev.switchboard.testsupport.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs a main class in a new JVM: this JVM's {@code java}, this JVM's class path. */
public final class JavaCommand {
    private JavaCommand() {}

    /**
     * {@code java JVM_OPTIONS -cp CLASSPATH MAIN ARGS}, for a child that runs the code under test as
     * an operator would (its own process, killable on its own).
     */
    public static List<String> of(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
