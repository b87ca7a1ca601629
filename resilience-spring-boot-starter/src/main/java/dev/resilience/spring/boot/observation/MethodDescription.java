package dev.resilience.spring.boot.observation;

import java.util.List;

/** The fixed facts of one observed method, computed once when it is planned. */
record MethodDescription(String method, List<String> patterns, List<String> names, boolean hasRetry) {
}
