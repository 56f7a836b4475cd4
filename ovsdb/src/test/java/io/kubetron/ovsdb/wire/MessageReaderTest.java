package io.kubetron.ovsdb.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.ovsdb.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MessageReaderTest {
    private static final JsonMapper M = JsonMapper.builder().build();

    /** Hands out at most {@code chunk} bytes per read, like a socket delivering small segments. */
    private static InputStream chunked(String s, int chunk) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static List<JsonNode> readAll(InputStream in) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (MessageReader r = new MessageReader(M, in)) {
            for (JsonNode n = r.next(); n != null; n = r.next()) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void splitsConcatenatedObjectsWithoutDelimiters() throws IOException {
        String stream = "{\"id\":1,\"result\":[\"OVN_Northbound\"],\"error\":null}{\"id\":null,\"method\":\"update2\","
                + "\"params\":[\"m\",{\"T\":{}}]}\n  {\"id\":\"echo\",\"method\":\"echo\",\"params\":[]}";
        for (int chunk : new int[] {1, 2, 3, 7, 64, 4096}) {
            List<JsonNode> msgs = readAll(chunked(stream, chunk));
            assertThat(msgs).as("chunk %d", chunk).hasSize(3);
            assertThat(msgs.get(0).get("id").asLong()).isEqualTo(1);
            assertThat(msgs.get(1).get("method").asString()).isEqualTo("update2");
            assertThat(msgs.get(2).get("id").asString()).isEqualTo("echo");
        }
    }

    @Test
    void keepsMultiByteCharactersSplitAcrossReads() throws IOException {
        String stream = "{\"s\":\"h\u00e9llo \u2603 \uD83D\uDE00\"}{\"s\":\"x\"}";
        List<JsonNode> msgs = readAll(chunked(stream, 1));
        assertThat(msgs.get(0).get("s").asString()).isEqualTo("h\u00e9llo \u2603 \uD83D\uDE00");
    }

    @Test
    void largeMessageAcrossManyReads() throws IOException {
        StringBuilder sb = new StringBuilder("{\"id\":7,\"result\":[");
        for (int i = 0; i < 20000; i++) {
            sb.append(i == 0 ? "" : ",").append("\"port-").append(i).append('"');
        }
        sb.append("],\"error\":null}{\"id\":8,\"result\":{},\"error\":null}");
        List<JsonNode> msgs = readAll(chunked(sb.toString(), 1000));
        assertThat(msgs.get(0).get("result").size()).isEqualTo(20000);
        assertThat(msgs.get(1).get("id").asLong()).isEqualTo(8);
    }

    @Test
    void truncatedMessageIsAProtocolError() throws IOException {
        try (MessageReader r = new MessageReader(M, chunked("{\"id\":1,\"result\":{}}{\"id\":2,\"res", 5))) {
            assertThat(r.next().get("id").asLong()).isEqualTo(1);
            assertThatThrownBy(r::next).isInstanceOf(ProtocolException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void garbageIsAProtocolError() {
        assertThatThrownBy(() -> readAll(chunked("{\"id\":1,\"result\":{}} HTTP/1.1 400", 3)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> readAll(chunked("{\"id\":1,}", 3)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void nonObjectMessageIsAProtocolError() {
        assertThatThrownBy(() -> readAll(chunked("[1,2]", 3)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("got an array");
    }

    @Test
    void returnsEachMessageWithoutWaitingForTheNext() throws IOException {
        java.io.PipedOutputStream out = new java.io.PipedOutputStream();
        java.io.PipedInputStream in = new java.io.PipedInputStream(out);
        out.write("{\"id\":1,\"result\":[],\"error\":null}".getBytes(StandardCharsets.UTF_8));
        out.flush();
        try (MessageReader r = new MessageReader(M, in)) {
            JsonNode first = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(2), r::next);
            assertThat(first.get("id").asLong()).isEqualTo(1);
        }
    }

    @Test
    void cleanEndBetweenMessages() throws IOException {
        assertThat(readAll(chunked("", 1))).isEmpty();
        assertThat(readAll(chunked("{}  \n", 1))).hasSize(1);
    }
}
