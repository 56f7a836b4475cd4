package io.kubetron.node.deviceplugin;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * gRPC over unix domain sockets (the kubelet's transport for device plugins and pod resources), on one shared epoll
 * event loop. Thread-safe; {@link #close()} ends the loop after the servers and channels made here are shut down.
 */
public final class UnixGrpc implements AutoCloseable {
    private final EventLoopGroup loop;

    public UnixGrpc(int threads) {
        Epoll.ensureAvailability();
        this.loop = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
    }

    /** Serves {@code services} on {@code socket}, replacing a stale socket file (a bind on it would fail). */
    public Server serve(Path socket, BindableService... services) {
        try {
            Files.deleteIfExists(socket);
            NettyServerBuilder b = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                    .channelType(EpollServerDomainSocketChannel.class)
                    .bossEventLoopGroup(loop)
                    .workerEventLoopGroup(loop);
            for (BindableService s : services) {
                b.addService(s);
            }
            return b.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve gRPC on " + socket, e);
        }
    }

    /** A plaintext channel to the server on {@code socket}; connects lazily. */
    public ManagedChannel channel(Path socket) {
        return NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(loop)
                .usePlaintext()
                .build();
    }

    /** Shuts a channel down and waits briefly, so no call outlives its owner. */
    public static void shutdown(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops a server, cancelling open streams, and waits briefly for it. */
    public static void shutdown(Server server) {
        server.shutdownNow();
        try {
            server.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
