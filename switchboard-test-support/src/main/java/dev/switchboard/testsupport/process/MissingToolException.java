package dev.switchboard.testsupport.process;

/** A test needs a system executable that is not installed; the message says how to install it. */
public final class MissingToolException extends IllegalStateException {
    private final Tool tool;

    MissingToolException(Tool tool, String placesLooked) {
        super("no " + tool.executable() + " executable found (looked at " + placesLooked + "): install the Debian package "
                + tool.debianPackage() + " (apt-get install " + tool.debianPackage() + "; .ci/run installs it)");
        this.tool = tool;
    }

    /** The missing tool. */
    public Tool tool() {
        return tool;
    }
}
