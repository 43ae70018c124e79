package dev.vigil.testing;

import java.lang.reflect.Method;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * Runs Beam's {@link TestPipeline} (a JUnit 4 rule) under JUnit 5: a fresh pipeline per test,
 * injected as a parameter, with the rule's checks (a pipeline built but never run fails the test).
 * Beam 2.62 predates {@code beam-sdks-java-testing-junit}, which ships the same idea.
 *
 * <pre>{@code
 * @ExtendWith(TestPipelineExtension.class)
 * class MyTest {
 *   @Test void works(TestPipeline p) { ...; p.run(); }
 * }
 * }</pre>
 */
public final class TestPipelineExtension
    implements BeforeEachCallback, ParameterResolver, InvocationInterceptor {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestPipelineExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    TestPipeline pipeline = TestPipeline.create();
    pipeline.getOptions().setStableUniqueNames(PipelineOptions.CheckEnabled.ERROR);
    context.getStore(NAMESPACE).put(TestPipeline.class, pipeline);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestPipeline.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return pipeline(context);
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    runUnderRule(invocation, context);
  }

  /** Parameterized tests: each invocation gets its own pipeline, under the rule's checks. */
  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    runUnderRule(invocation, context);
  }

  private static void runUnderRule(Invocation<Void> invocation, ExtensionContext context)
      throws Throwable {
    Statement body =
        new Statement() {
          @Override
          public void evaluate() throws Throwable {
            invocation.proceed();
          }
        };
    Description description =
        Description.createTestDescription(
            context.getRequiredTestClass(), context.getRequiredTestMethod().getName());
    pipeline(context).apply(body, description).evaluate();
  }

  private static TestPipeline pipeline(ExtensionContext context) {
    return context.getStore(NAMESPACE).get(TestPipeline.class, TestPipeline.class);
  }
}
