package io.kubetron.common.http;

import io.kubetron.common.http.ServerCounters.Closed;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests, one at a time: reads a request within its deadlines and limits, hands it to its route on
 * a virtual thread, writes the answer, and only then reads on (the channel does not read on its own, so a client that
 * sends faster than it is served fills its own TCP window, not the server's memory). Each state has one deadline:
 *
 * <pre>
 *   FRESH    (no request yet)        TLS: handshake timeout, then header timeout from its end         -> close, 408
 *                                    plain: header timeout from the start                               -> 408
 *   IDLE     (between requests)      idle timeout                                                       -> close
 *   HEADERS  (first byte is in)      header timeout                                                     -> 408
 *   BODY     (headers are in)        body timeout                                                       -> 408
 *   HANDLING (a route has it)        none here: the route answers within its own time
 *   WRITING  (the answer goes out)   response timeout                                                   -> close
 *   LINGERING (refused, output shut) a second of dropping what still comes, so the answer is read      -> close
 * </pre>
 *
 * Not thread-safe: everything but the route runs on the connection's I/O thread.
 */
final class Exchange extends ChannelInboundHandlerAdapter implements ConnectionTable.Member {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    /** Everything the connections of one server share. */
    record Shared(
            HttpLimits limits,
            Map<String, ProbeServer.Route> routes,
            Map<String, Supplier<BodyCheck>> checks,
            java.util.concurrent.Executor handlers,
            ByteBudget bodies,
            java.util.concurrent.Semaphore inFlight,
            ConnectionTable table,
            ServerCounters counters,
            boolean tls) {}

    private enum State {
        FRESH,
        IDLE,
        HEADERS,
        BODY,
        HANDLING,
        WRITING,
        LINGERING,
        CLOSED
    }

    /** How long a refused client may go on sending before its connection is closed: long enough to read our answer. */
    private static final long LINGER_MILLIS = 1000;

    /** Messages the decoder may hold for a connection while its answer is made: pipelined requests. */
    private static final int MAX_PENDING = 32;

    private final Shared shared;
    private final java.util.ArrayDeque<Object> pending = new java.util.ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private State state = State.FRESH;
    private boolean handshaken;
    /** A request of this connection has been answered: its next body is not a first request's. */
    private boolean served;

    private ScheduledFuture<?> deadline;
    private HttpRequest request;
    private ProbeServer.Route route;
    private String path;
    private boolean keepAlive;
    /** The current request was answered before its body: drop its contents up to the last. */
    private boolean skipping;

    private byte[] body;
    private int bodyLength;
    /** The declared length, or -1 for a chunked body. */
    private long expected;

    private BodyCheck check;
    private long held;

    Exchange(Shared shared) {
        this.shared = shared;
        this.handshaken = !shared.tls();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (!shared.table().admit(this)) {
            shared.counters().closed(Closed.REFUSED);
            state = State.CLOSED;
            ctx.close();
            return;
        }
        if (handshaken) { // plain HTTP; with TLS the handshake has its own deadline and the headers' starts after it
            expire(shared.limits().headerTimeout(), this::headersTooSlow);
        }
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void evict() {
        shared.counters().closed(Closed.EVICTED);
        abort();
    }

    /** Bytes came in, before the HTTP decoder: a request starts, and with it its header deadline. */
    void bytesArrived() {
        if (state == State.IDLE) {
            state = State.HEADERS;
            expire(shared.limits().headerTimeout(), this::headersTooSlow);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                handshaken = true;
                if (state == State.FRESH) {
                    expire(shared.limits().headerTimeout(), this::headersTooSlow);
                }
                ctx.read(); // the reads so far went to the handshake: now the request
            } else {
                shared.counters()
                        .closed(
                                done.cause() instanceof SslHandshakeTimeoutException
                                        ? Closed.TLS_TIMEOUT
                                        : Closed.TLS_FAILED);
                LOG.debug(
                        "TLS handshake failed remote={} error=\"{}\"",
                        ctx.channel().remoteAddress(),
                        done.cause().toString());
                close();
            }
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.LINGERING) {
            ReferenceCountUtil.release(msg);
            ctx.read();
        } else if (state == State.CLOSED || skipped(msg)) {
            ReferenceCountUtil.release(msg);
        } else if (pending.isEmpty() && takes(msg)) {
            consume(msg);
        } else if (pending.size() >= MAX_PENDING) {
            // a pipelining client that sends far ahead of its answers: what it sent in one read is dropped, not kept
            ReferenceCountUtil.release(msg);
            close();
        } else {
            pending.add(msg);
        }
    }

    /** Whether {@code msg} is the rest of a request answered without its body (a 404 of a GET): for no one. */
    private boolean skipped(Object msg) {
        if (!skipping || !(msg instanceof HttpContent) || msg instanceof HttpRequest) {
            return false;
        }
        skipping = !(msg instanceof LastHttpContent);
        return true;
    }

    /** Whether the exchange can take {@code msg} now, rather than after the answer in progress. */
    private boolean takes(Object msg) {
        return msg instanceof HttpRequest
                ? state == State.FRESH || state == State.IDLE || state == State.HEADERS
                : state == State.BODY;
    }

    private void consume(Object msg) {
        try {
            if (msg instanceof HttpRequest r) {
                headers(r);
            } else if (msg instanceof HttpContent c) {
                content(c);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Goes on with what the decoder gave ahead of time, or reads more when nothing is left. */
    private void next() {
        while (!pending.isEmpty() && state != State.CLOSED) {
            if (skipped(pending.peekFirst())) {
                ReferenceCountUtil.release(pending.pollFirst());
            } else if (takes(pending.peekFirst())) {
                consume(pending.pollFirst());
            } else {
                break;
            }
        }
        if (pending.isEmpty() && (state == State.IDLE || state == State.BODY || state == State.FRESH)) {
            ctx.read();
        }
    }

    private void headers(HttpRequest r) {
        if (state != State.FRESH && state != State.IDLE && state != State.HEADERS) {
            return; // a reply that closes the connection is on its way
        }
        skipping = false;
        request = r;
        keepAlive = HttpUtil.isKeepAlive(r);
        DecoderResult result = r.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpLineException) {
                refuse(414, "the request line is longer than " + shared.limits().maxRequestLineBytes() + " bytes");
            } else if (cause instanceof TooLongHttpHeaderException) {
                refuse(431, "the headers are larger than " + shared.limits().maxHeaderBytes() + " bytes");
            } else {
                refuse(400, "malformed request");
            }
            return;
        }
        if (r.headers().size() > shared.limits().maxHeaderCount()) {
            refuse(431, "more than " + shared.limits().maxHeaderCount() + " header lines");
            return;
        }
        String te = r.headers().get(HttpHeaderNames.TRANSFER_ENCODING);
        if (te != null && !te.equalsIgnoreCase("chunked")) {
            refuse(501, "transfer coding '" + te + "' is not supported");
            return;
        }
        String expect = r.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
            refuse(417, "only Expect: 100-continue is supported");
            return;
        }
        try {
            path = new QueryStringDecoder(r.uri()).path();
        } catch (IllegalArgumentException e) {
            refuse(400, "malformed request target");
            return;
        }
        long declared = HttpUtil.getContentLength(r, -1L);
        if (declared > shared.limits().maxBodyBytes()) {
            refuse(413, "the body is larger than " + shared.limits().maxBodyBytes() + " bytes");
            return;
        }
        route = shared.routes().get(path);
        if (route == null) {
            // a body that comes with it is not read: the connection closes after the answer
            skipping = true;
            answer(Response.text(404, "not found\n"), declared > 0 || HttpUtil.isTransferEncodingChunked(r));
            return;
        }
        if (HttpUtil.is100ContinueExpected(r)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
        Supplier<BodyCheck> checks = shared.checks().get(path);
        check = checks == null ? null : checks.get();
        expected = declared;
        int initial = (int) Math.min(Math.max(declared, 0), 64 * 1024);
        if (!shared.bodies().tryTake(initial)) {
            refuse(503, "too many request bodies at once; try again");
            return;
        }
        held = initial;
        state = State.BODY;
        if (served) {
            shared.table().receiving(this);
        } // a first request's body leaves the connection among the unproven: a slow one gives way first
        body = new byte[initial];
        bodyLength = 0;
        expire(shared.limits().bodyTimeout(), this::bodyTooSlow);
        ctx.read();
    }

    private void content(HttpContent c) {
        if (state != State.BODY) {
            return;
        }
        if (c.decoderResult().isFailure()) {
            // a chunk-size line or trailers Netty could not read: the body is not what the client meant to send
            refuse(400, "malformed chunked body");
            return;
        }
        ByteBuf data = c.content();
        int n = data.readableBytes();
        if ((long) bodyLength + n > shared.limits().maxBodyBytes()) {
            refuse(413, "the body is larger than " + shared.limits().maxBodyBytes() + " bytes");
            return;
        }
        if (n > 0) {
            if (bodyLength + n > body.length) {
                // doubling, but never past the declared length (a body that comes as declared is copied once) or the
                // largest body; the budget is charged for what is allocated, not for what has arrived
                long cap = expected > 0
                        ? Math.min(expected, shared.limits().maxBodyBytes())
                        : shared.limits().maxBodyBytes();
                int grown = (int) Math.min(Math.max(body.length * 2L, (long) bodyLength + n), cap);
                if (!shared.bodies().tryTake(grown - body.length)) {
                    refuse(503, "too many request bodies at once; try again");
                    return;
                }
                held += grown - body.length;
                body = Arrays.copyOf(body, grown);
            }
            data.readBytes(body, bodyLength, n);
            bodyLength += n;
            Response no = inspect(() -> check.more(body, bodyLength - n, n));
            if (no != null) {
                shared.counters().refused(no.status());
                release();
                answer(no, true);
                return;
            }
        }
        if (c instanceof LastHttpContent) {
            Response instead = inspect(() -> check.end());
            if (instead != null) {
                shared.counters().refused(instead.status());
                release();
                answer(instead, false);
                return;
            }
            handle();
        } else {
            ctx.read();
        }
    }

    /** What the route's {@link BodyCheck} says, if it has one; a check that fails is a 500. */
    private Response inspect(Supplier<Response> look) {
        if (check == null) {
            return null;
        }
        try {
            return look.get();
        } catch (RuntimeException e) {
            LOG.warn("body check failed path={} error=\"{}\"", path, e.toString());
            return Response.text(500, "internal error\n");
        }
    }

    private void handle() {
        cancelDeadline();
        state = State.HANDLING;
        shared.table().busy(this);
        if (!shared.inFlight().tryAcquire()) {
            release();
            shared.counters().refused(503);
            answer(Response.text(503, "too many requests at once; try again\n").withHeader("Retry-After", "1"), false);
            return;
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        Request req = new Request(
                request.method().name(),
                path,
                contentType,
                bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength));
        ProbeServer.Route r = route;
        body = null;
        check = null;
        // the handler holds the body now: its bytes stay charged until it is done, even if the client goes away
        long charged = held;
        held = 0;
        try {
            shared.handlers().execute(() -> {
                Response resp;
                try {
                    resp = r.handle(req);
                } catch (Throwable t) {
                    // the client learns nothing of our insides; the log does
                    LOG.warn("request failed path={} error=\"{}\"", req.path(), t.toString());
                    resp = Response.text(500, "internal error\n");
                } finally {
                    shared.inFlight().release();
                    shared.bodies().give(charged);
                }
                Response answer = resp;
                try {
                    ctx.executor().execute(() -> {
                        release();
                        answer(answer, false);
                    });
                } catch (RuntimeException e) {
                    LOG.debug("no answer, the server is closing path={}", req.path());
                }
            });
        } catch (RuntimeException e) { // the executor is shut down: the server is closing
            shared.inFlight().release();
            shared.bodies().give(charged);
            close();
        }
    }

    /** Answers with an error and closes: what is left of the request is not read. */
    private void refuse(int status, String why) {
        shared.counters().refused(status);
        release();
        answer(Response.text(status, why + "\n"), true);
    }

    private void answer(Response r, boolean thenClose) {
        if (state == State.CLOSED) {
            return;
        }
        boolean close = thenClose || !keepAlive;
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        HttpUtil.setContentLength(res, r.body().length);
        r.headers().forEach((k, v) -> res.headers().set(k, v));
        if (close) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        state = State.WRITING;
        shared.table().busy(this);
        expire(shared.limits().responseTimeout(), () -> {
            shared.counters().closed(Closed.RESPONSE_TIMEOUT);
            abort();
        });
        ctx.writeAndFlush(res).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() || (close && !thenClose)) {
                close();
                return;
            }
            if (close) {
                linger();
                return;
            }
            if (state != State.WRITING) {
                return;
            }
            request = null;
            route = null;
            served = true;
            state = State.IDLE;
            shared.table().idle(this);
            expire(shared.limits().idleTimeout(), () -> {
                shared.counters().closed(Closed.IDLE);
                close();
            });
            next();
        });
    }

    /**
     * Ends the sending side after an answer that refuses a request the client may still be sending, and drops what
     * comes in for a moment before closing: closing with unread bytes would make the kernel send a reset, which can
     * destroy our answer in the client's buffers before it reads it.
     */
    private void linger() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.LINGERING;
        dropPending();
        expire(Duration.ofMillis(LINGER_MILLIS), this::close);
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        io.netty.util.concurrent.Future<?> sent = ssl == null ? ctx.newSucceededFuture() : ssl.closeOutbound();
        sent.addListener(f -> {
            if (ctx.channel() instanceof DuplexChannel d && d.isActive()) {
                d.shutdownOutput();
            }
        });
        ctx.read();
    }

    private void headersTooSlow() {
        shared.counters().closed(Closed.HEADER_TIMEOUT);
        if (!handshaken) {
            close(); // no HTTP answer is possible before the handshake
        } else {
            refuse(408, "the request headers did not arrive in time");
        }
    }

    private void bodyTooSlow() {
        shared.counters().closed(Closed.BODY_TIMEOUT);
        refuse(408, "the request body did not arrive in time");
    }

    private void expire(Duration after, Runnable action) {
        cancelDeadline();
        deadline = ctx.executor().schedule(action, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void dropPending() {
        while (!pending.isEmpty()) {
            ReferenceCountUtil.release(pending.pollFirst());
        }
    }

    /** Gives back the body bytes this request took from the budget. */
    private void release() {
        check = null;
        if (held > 0) {
            shared.bodies().give(held);
            held = 0;
        }
        body = null;
    }

    /**
     * Closes at once, dropping what is queued: a reset, no TLS close_notify (it would wait behind the answer the client
     * does not take), nothing left in the kernel's buffers.
     */
    private void abort() {
        if (state == State.CLOSED) {
            return;
        }
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        close();
        ctx.channel().unsafe().close(ctx.channel().voidPromise());
    }

    private void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancelDeadline();
        release();
        dropPending();
        shared.table().closed(this);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != State.CLOSED) {
            state = State.CLOSED;
            cancelDeadline();
            release();
            shared.table().closed(this);
        }
        dropPending();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS errors and resets by the peer are the client's business; nothing here is worth more than a debug line
        if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
            LOG.debug(
                    "TLS error remote={} error=\"{}\"",
                    ctx.channel().remoteAddress(),
                    cause.getCause().toString());
        } else {
            LOG.debug("connection error remote={} error=\"{}\"", ctx.channel().remoteAddress(), cause.toString());
        }
        close();
    }

    /** Raw bytes before the HTTP decoder: tells the exchange a request has started. */
    static final class Tap extends ChannelInboundHandlerAdapter {
        private final Exchange exchange;

        Tap(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            exchange.bytesArrived();
            ctx.fireChannelRead(msg);
        }
    }
}
