/**
 * jcstress tests of the library's critical races, written against the public API. Each test names the
 * outcomes that are allowed; any other outcome observed on any run is a bug. Run with
 * {@code ./mvnw -B -pl resilience-jcstress -am verify -Pjcstress}.
 */
package dev.resilience.jcstress;
