package dev.zeroimage.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names every skipped test on the console at the end of a test run, with why
 * ({@code Skipped (skopeo missing): ImagePushTest.pushesToARealRegistry}): surefire's console only counts
 * them, and the reasons would otherwise be in the report files alone. Registered for the JUnit Platform
 * in META-INF/services (here and, through the test-jar, in the modules that use {@link ExternalTools}).
 */
public final class SkippedTestsSummary implements TestExecutionListener {
    private static final Pattern MISSING_TOOL = Pattern.compile("external tool not installed: (\\S+)");
    private static final Pattern NOT_INSTALLED = Pattern.compile("(\\S+) is not installed");
    private static final Pattern NOT_PROVIDED = Pattern.compile("this machine does not provide: (.+)");
    private final List<String> skipped = new ArrayList<>();

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        skipped.add(line(test, reason));
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            skipped.add(line(test, result.getThrowable().map(Throwable::getMessage).orElse(null)));
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        if (!skipped.isEmpty()) {
            StringBuilder out = new StringBuilder();
            skipped.forEach(line -> out.append(line).append(System.lineSeparator()));
            System.out.print(out);
            System.out.flush();
            skipped.clear();
        }
    }

    /** {@code Skipped (why): Class.method}. */
    static String line(TestIdentifier test, String reason) {
        return "Skipped (" + why(reason) + "): " + name(test);
    }

    static String why(String reason) {
        if (reason == null || reason.isBlank()) {
            return "no reason given";
        }
        Matcher tool = MISSING_TOOL.matcher(reason);
        if (tool.find()) {
            return tool.group(1) + " missing";
        }
        Matcher notInstalled = NOT_INSTALLED.matcher(reason);
        if (notInstalled.find()) {
            return notInstalled.group(1) + " missing";
        }
        Matcher machine = NOT_PROVIDED.matcher(reason);
        if (machine.find()) {
            return "needs " + machine.group(1).trim();
        }
        return reason.trim();
    }

    private static String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            return simpleName(method.getClassName()) + "." + method.getMethodName();
        }
        if (source instanceof ClassSource type) {
            return simpleName(type.getClassName());
        }
        return test.getDisplayName();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
