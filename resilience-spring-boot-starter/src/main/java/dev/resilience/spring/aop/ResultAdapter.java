package dev.resilience.spring.aop;

import java.util.concurrent.CompletionStage;

/**
 * Turns what an asynchronous method (or its fallback) returned into the stage the pipeline tracks: a
 * {@code CompletionStage} as is, a Reactor publisher by subscribing to it, a plain value (from a fallback) as a
 * completed stage.
 */
@FunctionalInterface
interface ResultAdapter {

    CompletionStage<Object> toStage(Object result);
}
