package dev.resilience.testing;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dependency rules of the library (issue 9), shared by every module's architecture test through
 * resilience-core's test-jar, so that a module adds no rule of its own to get them.
 *
 * <p>The packages they speak of: a <em>pattern</em> is a package {@code dev.resilience.<pattern>} of core
 * ({@code circuitbreaker}, {@code retry}, ...); its {@code internal} sub-package is its implementation, its
 * {@code spi} sub-package the extension point that store modules implement. {@code dev.resilience.core} is the
 * foundation every pattern builds on: its {@code internal} helpers are shared by all of core, so they are not
 * "another pattern's internal".
 */
public final class ArchitectureRules {

    private static final String ROOT = "dev.resilience.";

    private ArchitectureRules() {
    }

    /** resilience-core has no runtime dependency: its classes use the JDK and each other, nothing else. */
    public static ArchRule coreDependsOnlyOnTheJdk() {
        return classes().that().resideInAPackage("dev.resilience..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.resilience..")
                .because("resilience-core has zero runtime dependencies (README, CONTRACT.md)");
    }

    /**
     * An SPI is what other modules implement; it must be understandable and implementable without a pattern's
     * implementation, so no {@code spi} package refers to an {@code internal} one. The one exception is
     * {@code dev.resilience.core.internal}: core's shared helpers (saturated nanoseconds, the duration format),
     * which the in-memory stores beside the SPIs use like every other part of core, and which never appear in an
     * SPI's signatures.
     */
    public static ArchRule spiDoesNotDependOnInternal() {
        return noClasses().that().resideInAPackage("..spi..")
                .should().dependOnClassesThat(resideInAPackage("..internal..")
                        .and(not(resideInAPackage("dev.resilience.core.internal.."))))
                .because("an SPI is implemented by other modules and must not expose an implementation");
    }

    /**
     * A pattern's {@code internal} package is used by that pattern only: no other package of core, and no other
     * module, depends on {@code dev.resilience.<pattern>.internal}.
     *
     * @param insideCore whether the classes checked are resilience-core's: {@code dev.resilience.core.internal}
     *     holds helpers shared by all of core (argument checks, the shared scheduler), open to core's packages
     *     but not to other modules
     * @param allowed dependencies left out of the rule (each with its reason at the call site), or
     *     {@link DescribedPredicate#alwaysFalse()}
     */
    public static ArchRule noPackageUsesAnotherPatternsInternals(boolean insideCore,
            DescribedPredicate<? super Dependency> allowed) {
        return classes().that().resideInAPackage("dev.resilience..")
                .should(new ArchCondition<JavaClass>("use no other pattern's internal package") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass().getBaseComponentType();
                            if (crossesIntoInternals(origin, target, insideCore) && !allowed.test(dependency)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                })
                .because("a pattern's internal package is its own implementation, free to change");
    }

    /**
     * No class of {@code fromPackage} (or its sub-packages) depends on a class of {@code toPackage} (or its
     * sub-packages), except the dependencies {@code allowed} (each with its reason at the call site).
     */
    public static ArchRule noDependencies(String fromPackage, String toPackage,
            DescribedPredicate<? super Dependency> allowed) {
        return classes().that().resideInAPackage(fromPackage + "..")
                .should(new ArchCondition<JavaClass>("not depend on " + toPackage) {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            String target = dependency.getTargetClass().getBaseComponentType().getName();
                            if (within(target, toPackage) && !allowed.test(dependency)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                });
    }

    /**
     * The dependencies from {@code origin} to {@code target}, for the {@code allowed} arguments above. Each is
     * a package (its classes and sub-packages) or a class (and its nested classes), by name, so that a rule
     * still compiles once the class is gone.
     */
    public static DescribedPredicate<Dependency> dependency(String origin, String target) {
        return DescribedPredicate.describe(origin + " -> " + target,
                d -> within(d.getOriginClass().getName(), origin)
                        && within(d.getTargetClass().getBaseComponentType().getName(), target));
    }

    /** Whether the class {@code className} is the class or in the package {@code name}, or nested in it. */
    private static boolean within(String className, String name) {
        return className.equals(name) || className.startsWith(name + ".") || className.startsWith(name + "$");
    }

    private static boolean crossesIntoInternals(JavaClass origin, JavaClass target, boolean insideCore) {
        String targetPackage = target.getPackageName();
        if (!targetPackage.startsWith(ROOT) || !(targetPackage + ".").contains(".internal.")) {
            return false;
        }
        String targetTop = topLevel(targetPackage);
        if (targetTop.equals(topLevel(origin.getPackageName()))) {
            return false;
        }
        return !(insideCore && targetTop.equals("core"));
    }

    /** {@code circuitbreaker} for {@code dev.resilience.circuitbreaker.internal}. */
    private static String topLevel(String packageName) {
        if (!packageName.startsWith(ROOT)) {
            return packageName;
        }
        String rest = packageName.substring(ROOT.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
