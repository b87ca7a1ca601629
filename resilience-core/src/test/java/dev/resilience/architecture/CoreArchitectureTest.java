package dev.resilience.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.resilience.testing.ArchitectureRules;

import static dev.resilience.testing.ArchitectureRules.dependency;

/** The architecture rules of issue 9, on resilience-core's main classes. */
@AnalyzeClasses(packages = "dev.resilience", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnlyOnTheJdk = ArchitectureRules.coreDependsOnlyOnTheJdk();

    @ArchTest
    static final ArchRule spiDoesNotDependOnInternal = ArchitectureRules.spiDoesNotDependOnInternal();

    @ArchTest
    static final ArchRule noPackageUsesAnotherPatternsInternals =
            ArchitectureRules.noPackageUsesAnotherPatternsInternals(true,
                    // Issue 9: the bulkheads read the caller's deadline from the timeout's thread-local; the per-call
                    // context (helper "shape") replaces it. The integrator removes this exclusion with it.
                    dependency("dev.resilience.bulkhead", "dev.resilience.timeout.internal.DeadlineContext")
                            // Issue 9: one duration format for every pattern (helper "shape") replaces this one.
                            .or(dependency("dev.resilience.bulkhead", "dev.resilience.timeout.internal.DurationFormat")));
}
