package org.acemqtt.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A simulation of the proxy's token-expiry mechanism (relay/GrantExpiry: one {@code eventLoop.schedule} per
 * connection, re-armed on a new grant): the CPU an event loop spends while 100,000 idle connections' timers are armed,
 * and how late 1,000 timers due at the same instant fire. Sockets are left out (100,000 do not fit this machine);
 * the timer structure is the same one the relay uses.
 */
public final class ExpiryTimers {
    public static void main(String[] args) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoop loop = group.next();
        long[] threadId = new long[1];
        loop.submit(() -> threadId[0] = Thread.currentThread().getId()).get();
        var threads = ManagementFactory.getThreadMXBean();

        int idle = 100_000;
        long armStart = System.nanoTime();
        loop.submit(() -> {
            for (int i = 0; i < idle; i++) {
                loop.schedule(() -> { }, 3_600 + i % 600, TimeUnit.SECONDS);
            }
        }).get();
        long armMillis = (System.nanoTime() - armStart) / 1_000_000;
        long cpuBefore = threads.getThreadCpuTime(threadId[0]);
        Thread.sleep(10_000);
        long idleCpuMillis = (threads.getThreadCpuTime(threadId[0]) - cpuBefore) / 1_000_000;

        int due = 1_000;
        long[] lateness = new long[due];
        CountDownLatch fired = new CountDownLatch(due);
        long at = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        loop.submit(() -> {
            for (int i = 0; i < due; i++) {
                int index = i;
                loop.schedule(() -> {
                    lateness[index] = System.nanoTime() - at;
                    fired.countDown();
                }, at - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
        }).get();
        fired.await(30, TimeUnit.SECONDS);
        Arrays.sort(lateness);
        System.out.printf("armed %,d timers in %d ms; event-loop CPU while they wait: %d ms over 10 s%n", idle, armMillis, idleCpuMillis);
        System.out.printf("%,d timers due at once: lateness p50 %.2f ms, max %.2f ms%n", due,
                lateness[due / 2] / 1e6, lateness[due - 1] / 1e6);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
