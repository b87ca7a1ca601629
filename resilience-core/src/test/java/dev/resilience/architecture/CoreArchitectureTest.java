package dev.resilience.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.resilience.testing.ArchitectureRules;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysFalse;

/** The architecture rules of issue 9, on resilience-core's main classes. */
@AnalyzeClasses(packages = "dev.resilience", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnlyOnTheJdk = ArchitectureRules.coreDependsOnlyOnTheJdk();

    @ArchTest
    static final ArchRule spiDoesNotDependOnInternal = ArchitectureRules.spiDoesNotDependOnInternal();

    @ArchTest
    static final ArchRule noPackageUsesAnotherPatternsInternals =
            ArchitectureRules.noPackageUsesAnotherPatternsInternals(true, alwaysFalse());
}
