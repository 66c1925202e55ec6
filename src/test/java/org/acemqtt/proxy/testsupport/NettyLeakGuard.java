package org.acemqtt.proxy.testsupport;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension failing a test when Netty reported a leaked buffer during it. Register with
 * {@code @ExtendWith(NettyLeakGuard.class)}; run with {@code -Dio.netty.leakDetection.level=PARANOID} (the pom does).
 *
 * <p>Hooks leak reports twice: a {@link ResourceLeakDetectorFactory} whose detectors notify us (effective for detectors
 * created after the first use of this class), and a listener on the {@code ByteBuf} detector that already exists.
 * Netty only reports a leak when a later allocation polls its reference queue, so {@link #collectLeaks()} forces GC and
 * allocates a few buffers.
 */
public final class NettyLeakGuard implements BeforeEachCallback, AfterEachCallback {
    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();
    private static final ResourceLeakDetector.LeakListener LISTENER =
            (resourceType, records) -> LEAKS.add(resourceType + " leaked:" + records);

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ListeningFactory());
        hookByteBufDetector();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        List<String> earlier = collectLeaks();
        if (!earlier.isEmpty()) {
            System.err.println("NettyLeakGuard: leaks from before " + context.getDisplayName() + ":\n"
                    + String.join("\n", earlier));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leak(s) during " + context.getDisplayName()
                    + ":\n" + String.join("\n", leaks));
        }
    }

    /** Forces pending leak reports to surface and returns (and forgets) every leak reported so far. */
    public static List<String> collectLeaks() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            System.runFinalization();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            for (ByteBufAllocator alloc : new ByteBufAllocator[] {PooledByteBufAllocator.DEFAULT,
                    UnpooledByteBufAllocator.DEFAULT}) {
                for (int i = 0; i < 4; i++) {
                    ByteBuf probe = i % 2 == 0 ? alloc.heapBuffer(8) : alloc.directBuffer(8);
                    probe.release();
                }
            }
        }
        List<String> leaks = new ArrayList<>();
        String leak;
        while ((leak = LEAKS.poll()) != null) {
            leaks.add(leak);
        }
        return leaks;
    }

    private static void hookByteBufDetector() {
        try {
            Field f = AbstractByteBuf.class.getDeclaredField("leakDetector");
            f.setAccessible(true);
            ((ResourceLeakDetector<?>) f.get(null)).setLeakListener(LISTENER);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot hook Netty's ByteBuf leak detector", e);
        }
    }

    private static final class ListeningFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval);
            detector.setLeakListener(LISTENER);
            return detector;
        }

        @Override
        @Deprecated
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return newResourceLeakDetector(resource, samplingInterval);
        }
    }
}
