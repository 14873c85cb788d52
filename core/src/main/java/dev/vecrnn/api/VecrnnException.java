package dev.vecrnn.api;

/**
 * A problem the user can fix (bad input, a missing file, a wrong option). Its message is one
 * line that says what was wrong and what to do; the command line prints it without a stack
 * trace and exits with status 2.
 */
public class VecrnnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VecrnnException(String message) {
        super(message);
    }

    public VecrnnException(String message, Throwable cause) {
        super(message, cause);
    }
}
