package dev.vigil.modelloader;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionedModelTest {
  static final List<String> FEATURES = List.of("amount", "count_1h", "count_24h");
  static final float[] W1 = {0.01f, 0.5f, -0.2f};
  static final float[] W2 = {-0.02f, 0.1f, 0.3f};

  static ModelConfig config(Path base) {
    return ModelConfig.of(base.toString(), FEATURES).withPollMillis(-1);
  }

  static float[] rows(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n * FEATURES.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat() * 10;
    }
    return v;
  }

  @Test
  void scoresMatchTheModelAndServeTheNewestVersion(@TempDir Path base) throws Exception {
    LinearTestModels.export(base, 1, FEATURES, W1, 0.1f);
    LinearTestModels.export(base, 2, FEATURES, W2, -0.3f);
    try (VersionedModel<ScoringModel> model = VersionedModel.open(config(base));
        ModelLease<ScoringModel> lease = model.lease()) {
      assertThat(lease.model().version(), equalTo(2L));
      float[] x = rows(5, 1);
      float[] scores = lease.model().score(x, 5);
      for (int i = 0; i < 5; i++) {
        float[] row = Arrays.copyOfRange(x, i * 3, i * 3 + 3);
        assertThat((double) scores[i], closeTo(LinearTestModels.expected(row, W2, -0.3f), 1e-6));
      }
    }
  }

  @Test
  void aModelNeedingFeaturesThePipelineDoesNotComputeIsRefusedNamingThem(@TempDir Path base)
      throws Exception {
    List<String> wants = List.of("amount", "merchant_risk_7d", "count_7d");
    LinearTestModels.export(base, 1, wants, wants, W1, 0f, "features", "score");
    ModelValidationException e =
        assertThrows(ModelValidationException.class, () -> VersionedModel.open(config(base)));
    assertThat(
        e.getMessage(),
        containsString(
            "the model needs 2 feature(s) the pipeline does not compute: [merchant_risk_7d, count_7d]"));
  }

  @Test
  void aModelReadingSomeOfTheFeaturesInItsOwnOrderGetsThoseColumns(@TempDir Path base)
      throws Exception {
    // The pipeline produces FEATURES (amount, count_1h, count_24h); the model reads two of them,
    // in reverse order.
    List<String> two = List.of("count_24h", "amount");
    float[] w = {0.5f, -0.25f};
    LinearTestModels.export(base, 1, two, two, w, 0.1f, "features", "score");
    try (VersionedModel<ScoringModel> model = VersionedModel.open(config(base));
        ModelLease<ScoringModel> lease = model.lease()) {
      ScoringModel m = lease.model();
      assertThat(m.columns(), equalTo(new int[] {2, 0}));
      float[] x = m.rows(List.of(new double[] {10, 3, 4}));
      assertThat(x, equalTo(new float[] {4f, 10f}));
      assertThat(
          (double) m.score(x, 1)[0],
          closeTo(LinearTestModels.expected(new float[] {4f, 10f}, w, 0.1f), 1e-6));
    }
  }

  @Test
  void signatureNameMismatchIsRefused(@TempDir Path base) throws Exception {
    LinearTestModels.export(base, 1, FEATURES, FEATURES, W1, 0f, "inputs", "score");
    // The manifest says "inputs" too, but the graph's signature must then also say "inputs": it
    // does, so make the manifest disagree by rewriting it.
    Path dir = base.resolve("1");
    new FeatureManifest(FEATURES, "features", "score", null, null).write(dir);
    ModelValidationException e =
        assertThrows(ModelValidationException.class, () -> VersionedModel.open(config(base)));
    assertThat(
        e.getMessage(),
        containsString("expected input 'features' but the signature has inputs [inputs]"));
  }

  @Test
  void corruptNewVersionIsRefusedAndTheOldOneKeepsServing(@TempDir Path base) throws Exception {
    LinearTestModels.export(base, 1, FEATURES, W1, 0.1f);
    try (VersionedModel<ScoringModel> model = VersionedModel.open(config(base))) {
      model.drainEvents();
      Path broken = Files.createDirectories(base.resolve("2"));
      Files.write(broken.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
      new FeatureManifest(FEATURES, "features", "score", null, null).write(broken);
      assertThat(model.refresh(), is(false));
      assertThat(model.servingVersion(), equalTo(1L));
      List<ModelEvent> events = model.drainEvents();
      assertThat(events, hasSize(1));
      assertThat(events.get(0).kind(), equalTo(ModelEvent.Kind.REFUSED));
      assertThat(events.get(0).version(), equalTo(2L));
      assertThat(events.get(0).message(), containsString("cannot load SavedModel"));
      // Not retried while its files are unchanged.
      assertThat(model.refresh(), is(false));
      assertThat(model.drainEvents(), hasSize(0));
      try (ModelLease<ScoringModel> lease = model.lease()) {
        assertThat(lease.model().score(rows(1, 2), 1).length, equalTo(1));
      }
      // A good version 3 is picked up.
      LinearTestModels.export(base, 3, FEATURES, W2, 0f);
      assertThat(model.refresh(), is(true));
      assertThat(model.servingVersion(), equalTo(3L));
    }
  }

  @Test
  void aNewVersionNeedingOtherFeaturesIsRefusedAndTheOldOneKeepsServing(@TempDir Path base)
      throws Exception {
    LinearTestModels.export(base, 1, FEATURES, W1, 0.1f);
    try (VersionedModel<ScoringModel> model = VersionedModel.open(config(base))) {
      model.drainEvents(); // version 1 loaded
      List<String> v2 = List.of("amount", "count_30d", "merchant_risk_30d");
      LinearTestModels.export(base, 2, v2, v2, W2, 0f, "features", "score");
      assertThat(model.refresh(), is(false));
      assertThat(model.servingVersion(), equalTo(1L));
      List<ModelEvent> events = model.drainEvents();
      assertThat(events, hasSize(1));
      assertThat(
          events.get(0).message(),
          containsString(
              "the model needs 2 feature(s) the pipeline does not compute: [count_30d, merchant_risk_30d]"));
    }
  }

  @Test
  void oldVersionClosesOnlyAfterItsInFlightCallsEnd(@TempDir Path base) throws Exception {
    LinearTestModels.export(base, 1, FEATURES, W1, 0.1f);
    try (VersionedModel<ScoringModel> model = VersionedModel.open(config(base))) {
      ModelLease<ScoringModel> inFlight = model.lease();
      LinearTestModels.export(base, 2, FEATURES, W2, 0f);
      assertThat(model.refresh(), is(true));
      // Version 1 is retired but still held: usable, not closed.
      assertThat(inFlight.model().isClosed(), is(false));
      assertThat(inFlight.model().score(rows(2, 3), 2).length, equalTo(2));
      inFlight.close();
      assertThat(inFlight.model().isClosed(), is(true));
      assertThrows(IllegalStateException.class, () -> inFlight.model().score(rows(1, 3), 1));
      try (ModelLease<ScoringModel> lease = model.lease()) {
        assertThat(lease.model().version(), equalTo(2L));
      }
    }
  }

  @Test
  void concurrentCallsGiveTheSameScoresAsSequentialOnes(@TempDir Path base) throws Exception {
    LinearTestModels.export(base, 1, FEATURES, W1, 0.1f);
    try (SharedModel<ScoringModel> shared = SharedModels.acquire(config(base))) {
      int batches = 200;
      List<float[]> inputs = new ArrayList<>();
      List<float[]> sequential = new ArrayList<>();
      for (int i = 0; i < batches; i++) {
        float[] x = rows(1 + i % 64, i);
        inputs.add(x);
        try (ModelLease<ScoringModel> lease = shared.lease()) {
          sequential.add(lease.model().score(x, x.length / 3));
        }
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<float[]>> futures = new ArrayList<>();
        for (float[] x : inputs) {
          futures.add(
              pool.submit(
                  () -> {
                    try (ModelLease<ScoringModel> lease = shared.lease()) {
                      return lease.model().score(x, x.length / 3);
                    }
                  }));
        }
        for (int i = 0; i < batches; i++) {
          assertThat(Arrays.equals(futures.get(i).get(), sequential.get(i)), is(true));
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void oneModelPerJvmPerConfigAndClosedWithTheLastHandle(@TempDir Path base) throws Exception {
    LinearTestModels.export(base, 1, FEATURES, W1, 0.1f);
    int before = SharedModels.loadedCount();
    SharedModel<ScoringModel> a = SharedModels.acquire(config(base));
    SharedModel<ScoringModel> b = SharedModels.acquire(config(base));
    assertThat(SharedModels.loadedCount(), equalTo(before + 1));
    ModelLease<ScoringModel> lease = a.lease();
    ScoringModel m = lease.model();
    lease.close();
    a.close();
    assertThat(m.isClosed(), is(false));
    b.close();
    assertThat(SharedModels.loadedCount(), equalTo(before));
    assertThat(m.isClosed(), is(true));
  }

  @Test
  void aLingeringModelIsReusedWhenReacquiredAndClosedOnceIdleLongEnough(@TempDir Path base)
      throws Exception {
    LinearTestModels.export(base, 1, FEATURES, W1, 0.1f);
    ModelConfig lingering = config(base).withIdleCloseMillis(300);
    int before = SharedModels.loadedCount();
    SharedModel<ScoringModel> first = SharedModels.acquire(lingering);
    ScoringModel m;
    try (ModelLease<ScoringModel> lease = first.lease()) {
      m = lease.model();
    }
    first.close();
    assertThat("kept loaded after the last release", m.isClosed(), is(false));
    SharedModel<ScoringModel> again = SharedModels.acquire(lingering);
    try (ModelLease<ScoringModel> lease = again.lease()) {
      assertThat("the same loaded model, not a reload", lease.model(), sameInstance(m));
    }
    again.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!m.isClosed() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat("closed once idle for the linger", m.isClosed(), is(true));
    assertThat(SharedModels.loadedCount(), equalTo(before));
  }

  @Test
  void emptyBaseDirectoryFailsFast(@TempDir Path base) {
    ModelValidationException e =
        assertThrows(ModelValidationException.class, () -> VersionedModel.open(config(base)));
    assertThat(e.getMessage(), containsString("no valid model version under"));
  }

  @Test
  void nativeMemoryStaysFlatOverManyCalls(@TempDir Path base) throws Exception {
    LinearTestModels.export(base, 1, FEATURES, W1, 0.1f);
    try (VersionedModel<ScoringModel> model = VersionedModel.open(config(base))) {
      float[] x = rows(64, 5);
      for (int i = 0; i < 20_000; i++) { // warm up: JIT, allocator pools
        try (ModelLease<ScoringModel> lease = model.lease()) {
          lease.model().score(x, 64);
        }
      }
      long before = nativeKb();
      for (int i = 0; i < 200_000; i++) {
        try (ModelLease<ScoringModel> lease = model.lease()) {
          lease.model().score(x, 64);
        }
      }
      long growthKb = nativeKb() - before;
      // Catches native memory that survives GC. (An unclosed tensor or Result is not caught here:
      // TF Java 1.1 frees those when the GC finds them; ScoringModel closes both explicitly.)
      assertThat("non-heap RSS growth in KB over 200,000 calls", growthKb, lessThan(32L * 1024));
    }
  }

  /** Resident memory outside the committed Java heap, after a GC. */
  static long nativeKb() throws Exception {
    System.gc();
    return rssKb() - Runtime.getRuntime().totalMemory() / 1024;
  }

  static long rssKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS");
  }
}
