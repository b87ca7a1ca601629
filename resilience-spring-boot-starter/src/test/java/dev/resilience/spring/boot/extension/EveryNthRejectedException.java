package dev.resilience.spring.boot.extension;

import dev.resilience.core.ResilienceException;

/** Thrown instead of running the {@code n}th call. Unchecked, without a stack trace, like the built-in rejections. */
public final class EveryNthRejectedException extends ResilienceException {

    private static final long serialVersionUID = 1L;

    EveryNthRejectedException(String name, long call) {
        super(name, "Every-nth gate '" + name + "' rejected call " + call, null, false);
    }
}
