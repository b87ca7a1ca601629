package dev.resilience.samples.downstream;

/**
 * The downstream failed a call, the way a remote service answers 500 or drops a connection. The circuit
 * breakers of the sample record it (see {@code record-exceptions} in {@code application.yml}), the retries
 * retry it, and the web layer answers 502 Bad Gateway when nothing recovered from it.
 */
public class DownstreamFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DownstreamFailedException(String message) {
        super(message);
    }
}
