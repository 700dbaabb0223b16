package dev.zeroimage.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the core's package graph acyclic and free of front-end APIs (docs/architecture.md explains
 * the layers). A failure names the classes that close the cycle.
 */
class PackageGraphTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.zeroimage");
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.zeroimage.(*)..").should().beFreeOfCycles().check(core);
    }

    @Test
    void theExceptionPackageDependsOnNoOtherPackage() {
        noClasses().that().resideInAPackage("dev.zeroimage")
                .should().dependOnClassesThat().resideInAPackage("dev.zeroimage.(**)")
                .check(core);
    }

    @Test
    void coreUsesNoMavenApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.maven..", "org.codehaus.plexus..",
                        "org.eclipse.aether..")
                .check(core);
    }

    @Test
    void coreImportsNoFrontEnd() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.zeroimage.maven..").check(core);
    }
}
