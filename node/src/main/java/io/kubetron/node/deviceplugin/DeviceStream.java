package io.kubetron.node.deviceplugin;

import io.grpc.stub.ServerCallStreamObserver;
import io.kubetron.kubelet.deviceplugin.v1beta1.ListAndWatchResponse;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One kubelet's ListAndWatch stream. gRPC's {@code StreamObserver} is not thread-safe, and health changes come from
 * several threads (OVSDB events, the ovn-controller probe, the stream's own start), so every write holds this stream's
 * lock. Thread-safe.
 */
final class DeviceStream {
    private final ServerCallStreamObserver<ListAndWatchResponse> observer;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean ended;

    DeviceStream(ServerCallStreamObserver<ListAndWatchResponse> observer) {
        this.observer = observer;
    }

    /** Sends a full device list; false once the stream is over (cancelled by the kubelet, or ended by us). */
    boolean send(ListAndWatchResponse devices) {
        lock.lock();
        try {
            if (ended || observer.isCancelled()) {
                ended = true;
                return false;
            }
            observer.onNext(devices);
            return true;
        } catch (RuntimeException e) {
            // the call went away between the check and the write
            ended = true;
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream normally: the kubelet treats that as the plugin going away. */
    void end() {
        lock.lock();
        try {
            if (!ended && !observer.isCancelled()) {
                observer.onCompleted();
            }
        } catch (RuntimeException e) {
            // already closed by the transport: nothing left to end
        } finally {
            ended = true;
            lock.unlock();
        }
    }
}
