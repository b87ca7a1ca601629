package dev.resilience.redis;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.resilience.testing.ArchitectureRules;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysFalse;

/** The architecture rules of issue 9 on this module: it uses core through its public API and SPIs only. */
@AnalyzeClasses(packages = "dev.resilience.redis", importOptions = ImportOption.DoNotIncludeTests.class)
class RedisArchitectureTest {

    @ArchTest
    static final ArchRule noCoreInternals = ArchitectureRules.noPackageUsesAnotherPatternsInternals(false,
            alwaysFalse());
}
