package dev.resilience.spring.boot.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.resilience.testing.ArchitectureRules;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysFalse;
import static dev.resilience.testing.ArchitectureRules.dependency;

/**
 * The architecture rules of issue 9, on the starter's main classes (the packages of this module only: core's
 * classes and test-jar are on the class path too, and core's own test checks core).
 */
@AnalyzeClasses(packages = {"dev.resilience.spring", "dev.resilience.annotation"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class StarterArchitectureTests {

    private static final String ACTUATE = "dev.resilience.spring.boot.actuate";

    /** The starter uses core through its public API and SPIs: no core pattern's internals, no core.internal. */
    @ArchTest
    static final ArchRule noCoreInternals = ArchitectureRules.noPackageUsesAnotherPatternsInternals(false,
            alwaysFalse());

    /**
     * The actuator adapters (endpoint, health, event buffer) are wired by the auto-configuration, never the
     * other way round: an application that builds them by hand needs none of the auto-configuration's types.
     */
    @ArchTest
    static final ArchRule actuateDoesNotDependOnAutoconfigure = ArchitectureRules.noDependencies(ACTUATE,
            "dev.resilience.spring.boot.autoconfigure", alwaysFalse());
}
