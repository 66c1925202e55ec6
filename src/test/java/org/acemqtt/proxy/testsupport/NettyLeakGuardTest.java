package org.acemqtt.proxy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class NettyLeakGuardTest {

    @Test
    void aDeliberatelyLeakedBufferIsReported() {
        leakOneBuffer();
        List<String> leaks = NettyLeakGuard.collectLeaks(); // collected here, so the guard itself sees none afterwards
        assertThat(leaks).anySatisfy(leak -> assertThat(leak).contains("leaked").contains("leakOneBuffer"));
    }

    @Test
    void releasedBuffersAreNotReported() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        buf.writeLong(42);
        buf.release();
        assertThat(NettyLeakGuard.collectLeaks()).isEmpty();
    }

    private static void leakOneBuffer() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeLong(7); // a recorded access, so PARANOID keeps a trace naming this method
    }
}
