package dev.resilience.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Decides what an exception means to a pattern, from a list of exception types to record, a list to ignore,
 * and an optional predicate. Shared by the circuit breaker ({@code record-exceptions} /
 * {@code ignore-exceptions}), retry ({@code retry-exceptions} / {@code ignore-exceptions}) and fallback
 * ({@code applyOn} / {@code ignore}).
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>an exception whose class is, or extends, an ignored type, or that the optional ignore predicate
 *       accepts, is {@link Verdict#IGNORED} (ignore wins);
 *   <li>with no record types and no predicate, every other exception is {@link Verdict#RECORDED};
 *   <li>otherwise it is {@link Verdict#RECORDED} when its class is, or extends, a record type, or the
 *       predicate accepts it, and {@link Verdict#NOT_RECORDED} when neither holds.
 * </ol>
 *
 * <p>The type checks are cached per exception class, so classifying allocates nothing after the first time
 * a class is seen. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ExceptionClassifier {

    /** What a classifier decided about one exception. */
    public enum Verdict {
        /** Counts: a failure for a circuit breaker, retried by a retry, handled by a fallback. */
        RECORDED,
        /** Matches neither list while a record list or predicate is set: a circuit breaker counts it as a success. */
        NOT_RECORDED,
        /** Explicitly ignored: a circuit breaker does not count it at all, a retry does not retry it. */
        IGNORED
    }

    private static final ExceptionClassifier RECORD_ALL = new ExceptionClassifier(List.of(), List.of(), null, null);

    private final List<Class<? extends Throwable>> recorded;
    private final List<Class<? extends Throwable>> ignored;
    private final Predicate<? super Throwable> predicate;
    private final Predicate<? super Throwable> ignorePredicate;
    private final ClassValue<Verdict> byClass = new ClassValue<>() {
        @Override
        protected Verdict computeValue(Class<?> type) {
            return classify(type);
        }
    };

    private ExceptionClassifier(List<Class<? extends Throwable>> recorded, List<Class<? extends Throwable>> ignored,
            Predicate<? super Throwable> predicate, Predicate<? super Throwable> ignorePredicate) {
        this.recorded = List.copyOf(recorded);
        this.ignored = List.copyOf(ignored);
        this.predicate = predicate;
        this.ignorePredicate = ignorePredicate;
    }

    /** Records every exception. */
    public static ExceptionClassifier recordAll() {
        return RECORD_ALL;
    }

    /**
     * A classifier from record types, ignored types and an optional predicate (may be {@code null}).
     */
    public static ExceptionClassifier of(Collection<Class<? extends Throwable>> recorded,
            Collection<Class<? extends Throwable>> ignored, Predicate<? super Throwable> predicate) {
        return of(recorded, ignored, predicate, null);
    }

    /**
     * A classifier from record types, ignored types, an optional record predicate and an optional ignore
     * predicate (either may be {@code null}). An exception the ignore predicate accepts is
     * {@link Verdict#IGNORED}, like an ignored type; the ignore predicate is asked first, so it wins over the
     * record types and the record predicate, as resilience4j's {@code ignore-exception-predicate} does.
     */
    public static ExceptionClassifier of(Collection<Class<? extends Throwable>> recorded,
            Collection<Class<? extends Throwable>> ignored, Predicate<? super Throwable> predicate,
            Predicate<? super Throwable> ignorePredicate) {
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(ignored, "ignored");
        if (recorded.isEmpty() && ignored.isEmpty() && predicate == null && ignorePredicate == null) {
            return RECORD_ALL;
        }
        return new ExceptionClassifier(new ArrayList<>(recorded), new ArrayList<>(ignored), predicate,
                ignorePredicate);
    }

    /**
     * Classifies {@code failure}. A predicate that throws makes this method throw; the patterns handle that
     * (a circuit breaker counts the call as a failure and passes the predicate's exception on).
     */
    public Verdict classify(Throwable failure) {
        Verdict byType = byClass.get(failure.getClass());
        if (byType == Verdict.IGNORED) {
            return byType;
        }
        if (ignorePredicate != null && ignorePredicate.test(failure)) {
            return Verdict.IGNORED;
        }
        if (byType == Verdict.NOT_RECORDED && predicate != null && predicate.test(failure)) {
            return Verdict.RECORDED;
        }
        return byType;
    }

    /** {@code true} when {@code failure} is {@link Verdict#RECORDED}. */
    public boolean isRecorded(Throwable failure) {
        return classify(failure) == Verdict.RECORDED;
    }

    /** The record types, as given. */
    public List<Class<? extends Throwable>> recordedTypes() {
        return recorded;
    }

    /** The ignored types, as given. */
    public List<Class<? extends Throwable>> ignoredTypes() {
        return ignored;
    }

    /** The predicate, or {@code null}. */
    public Predicate<? super Throwable> predicate() {
        return predicate;
    }

    /** The ignore predicate, or {@code null}. */
    public Predicate<? super Throwable> ignorePredicate() {
        return ignorePredicate;
    }

    private Verdict classify(Class<?> type) {
        for (Class<? extends Throwable> ignoredType : ignored) {
            if (ignoredType.isAssignableFrom(type)) {
                return Verdict.IGNORED;
            }
        }
        if (recorded.isEmpty() && predicate == null) {
            return Verdict.RECORDED;
        }
        for (Class<? extends Throwable> recordedType : recorded) {
            if (recordedType.isAssignableFrom(type)) {
                return Verdict.RECORDED;
            }
        }
        return Verdict.NOT_RECORDED;
    }

    @Override
    public String toString() {
        return "ExceptionClassifier[recorded=" + recorded + ", ignored=" + ignored
                + (predicate == null ? "" : ", predicate=" + predicate)
                + (ignorePredicate == null ? "" : ", ignorePredicate=" + ignorePredicate) + "]";
    }
}
