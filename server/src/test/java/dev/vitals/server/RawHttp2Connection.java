package dev.vitals.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately small HTTP/2 client over a plain socket, for tests that must send what a real gRPC
 * client never would. It writes frames byte by byte (HPACK literals without Huffman coding or
 * indexing), and reads back just enough HPACK to find {@code :status}, {@code grpc-status} and
 * {@code grpc-message}: it asks the server for a zero-size dynamic table so that every header the
 * server sends is either a static-table entry or a literal.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113">RFC 9113 HTTP/2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7541">RFC 7541 HPACK</a>
 */
final class RawHttp2Connection implements AutoCloseable {
  static final int DATA = 0;
  static final int HEADERS = 1;
  static final int RST_STREAM = 3;
  static final int SETTINGS = 4;
  static final int PING = 6;
  static final int GOAWAY = 7;
  static final int WINDOW_UPDATE = 8;
  static final int CONTINUATION = 9;
  static final int MAX_FRAME_SIZE = 16_384;
  static final int FLAG_END_STREAM = 0x1;
  static final int FLAG_ACK = 0x1;
  static final int FLAG_END_HEADERS = 0x4;
  static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
  static final int PROTOCOL_ERROR = 0x1;
  static final int REFUSED_STREAM = 0x7;
  static final int CANCEL = 0x8;
  static final int ENHANCE_YOUR_CALM = 0xb;
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** Hang guard for every read: no test waits this long unless the server is broken. */
  private static final int READ_TIMEOUT_MILLIS = 30_000;

  /** One frame as read off the wire. */
  record Frame(int type, int flags, int stream, byte[] payload) {
    boolean has(int flag) {
      return (flags & flag) != 0;
    }

    /** The error code of a GOAWAY or RST_STREAM frame. */
    int errorCode() {
      ByteBuffer buffer = ByteBuffer.wrap(payload);
      return type == GOAWAY ? buffer.getInt(4) : buffer.getInt(0);
    }

    /** The debug data of a GOAWAY frame. */
    String debugData() {
      return new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8);
    }

    /** The SETTINGS parameters of a SETTINGS frame, id to value. */
    Map<Integer, Long> settings() {
      Map<Integer, Long> out = new LinkedHashMap<>();
      ByteBuffer buffer = ByteBuffer.wrap(payload);
      while (buffer.remaining() >= 6) {
        out.put(buffer.getShort() & 0xffff, buffer.getInt() & 0xffffffffL);
      }
      return out;
    }
  }

  /** How a stream ended: the headers (and trailers) received, or the RST_STREAM code. */
  record StreamResult(Map<String, String> headers, Integer resetCode) {
    /** The grpc-status code, or null if none was received. */
    Integer grpcStatus() {
      String value = headers.get("grpc-status");
      return value == null ? null : Integer.valueOf(value);
    }

    String grpcMessage() {
      return headers.getOrDefault("grpc-message", "");
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  /** The server's SETTINGS frame, once read. */
  private Frame serverSettings;

  private boolean answerPings = true;

  private RawHttp2Connection(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** A bare TCP connection to the server on loopback; nothing sent yet. */
  static RawHttp2Connection connect(int port) throws IOException {
    return new RawHttp2Connection(new Socket(InetAddress.getLoopbackAddress(), port));
  }

  /**
   * A connection that has sent the preface, whose client never reads: a receive buffer as small as
   * the OS allows and flow-control windows as large as HTTP/2 allows, so whatever the server sends
   * piles up in the TCP buffers until they are full.
   */
  static RawHttp2Connection openNeverReading(int port) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(1024);
    socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    RawHttp2Connection connection = new RawHttp2Connection(socket);
    connection.write(PREFACE);
    // SETTINGS_HEADER_TABLE_SIZE = 0, SETTINGS_INITIAL_WINDOW_SIZE = 2^31-1.
    connection.writeFrame(
        SETTINGS,
        0,
        0,
        ByteBuffer.allocate(12)
            .putShort((short) 1)
            .putInt(0)
            .putShort((short) 4)
            .putInt(Integer.MAX_VALUE)
            .array());
    connection.writeFrame(
        WINDOW_UPDATE, 0, 0, ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE - 65535).array());
    return connection;
  }

  /** A connection that has sent the client preface and SETTINGS (dynamic table size 0). */
  static RawHttp2Connection open(int port) throws IOException {
    RawHttp2Connection connection = connect(port);
    connection.write(PREFACE);
    // SETTINGS_HEADER_TABLE_SIZE (1) = 0: the server may not index anything we must decode.
    connection.writeFrame(
        SETTINGS, 0, 0, ByteBuffer.allocate(6).putShort((short) 1).putInt(0).array());
    return connection;
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void writeFrame(int type, int flags, int stream, byte[] payload) throws IOException {
    write(frame(type, flags, stream, payload));
  }

  /** One frame's bytes: its 9-byte header and {@code payload}. */
  static byte[] frame(int type, int flags, int stream, byte[] payload) {
    return ByteBuffer.allocate(9 + payload.length)
        .put((byte) (payload.length >>> 16))
        .put((byte) (payload.length >>> 8))
        .put((byte) payload.length)
        .put((byte) type)
        .put((byte) flags)
        .putInt(stream)
        .put(payload)
        .array();
  }

  /** Sends a HEADERS frame for a gRPC request to {@code path}, plus {@code extra} headers. */
  void sendRequestHeaders(int stream, String path, Map<String, byte[]> extra, boolean endStream)
      throws IOException {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    literal(block, ":method", "POST");
    literal(block, ":scheme", "http");
    literal(block, ":path", path);
    literal(block, ":authority", "localhost");
    literal(block, "content-type", "application/grpc");
    literal(block, "te", "trailers");
    extra.forEach((name, value) -> literal(block, name.getBytes(StandardCharsets.US_ASCII), value));
    // A block over the default SETTINGS_MAX_FRAME_SIZE goes out as HEADERS and CONTINUATIONs.
    byte[] bytes = block.toByteArray();
    int flags = endStream ? FLAG_END_STREAM : 0;
    int type = HEADERS;
    for (int offset = 0; ; offset += MAX_FRAME_SIZE) {
      int end = Math.min(bytes.length, offset + MAX_FRAME_SIZE);
      boolean last = end == bytes.length;
      writeFrame(
          type,
          flags | (last ? FLAG_END_HEADERS : 0),
          stream,
          Arrays.copyOfRange(bytes, offset, end));
      if (last) {
        return;
      }
      type = CONTINUATION;
      flags = 0;
    }
  }

  void sendData(int stream, byte[] data, boolean endStream) throws IOException {
    writeFrame(DATA, endStream ? FLAG_END_STREAM : 0, stream, data);
  }

  /** Cancels {@code stream} with RST_STREAM CANCEL. */
  void cancel(int stream) throws IOException {
    writeFrame(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(CANCEL).array());
  }

  /** {@code body} as one length-prefixed, uncompressed gRPC message. */
  static byte[] grpcMessage(byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(body.length).put(body).array();
  }

  /** One unary call: headers, one DATA frame with {@code data}, end of stream. */
  StreamResult unary(int stream, String path, Map<String, byte[]> extra, byte[] data)
      throws IOException {
    sendRequestHeaders(stream, path, extra, false);
    sendData(stream, data, true);
    return awaitEnd(stream);
  }

  /** Whether {@link #readFrame} acknowledges pings, as a live client does; default yes. */
  void answerPings(boolean answer) {
    this.answerPings = answer;
  }

  /**
   * The next frame, acknowledging the server's SETTINGS (and pings, unless told not to) on the way;
   * null at end of stream.
   */
  Frame readFrame() throws IOException {
    int length;
    try {
      length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
    } catch (EOFException | SocketException e) {
      // A reset connection is as closed as one that ended cleanly, for what these tests check.
      return null;
    }
    int type = in.readUnsignedByte();
    int flags = in.readUnsignedByte();
    int stream = in.readInt() & 0x7fffffff;
    byte[] payload = new byte[length];
    in.readFully(payload);
    Frame frame = new Frame(type, flags, stream, payload);
    if (type == SETTINGS && !frame.has(FLAG_ACK)) {
      serverSettings = frame;
      acknowledge(SETTINGS, new byte[0]);
    } else if (type == PING && !frame.has(FLAG_ACK) && answerPings) {
      acknowledge(PING, payload);
    }
    return frame;
  }

  private void acknowledge(int type, byte[] payload) {
    try {
      writeFrame(type, FLAG_ACK, 0, payload);
    } catch (IOException e) {
      // The server is closing the connection; what it sent before is still to be read.
    }
  }

  /** The server's SETTINGS, reading frames until they arrive. */
  Frame serverSettings() throws IOException {
    while (serverSettings == null) {
      if (readFrame() == null) {
        throw new EOFException("connection closed before the server's SETTINGS");
      }
    }
    return serverSettings;
  }

  /** Reads until {@code stream} ends (END_STREAM on HEADERS, or RST_STREAM); fails at EOF. */
  StreamResult awaitEnd(int stream) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Frame frame; (frame = readFrame()) != null; ) {
      if (frame.stream() != stream) {
        continue;
      }
      if (frame.type() == HEADERS) {
        decodeHeaderBlock(frame.payload(), frame.flags(), headers);
        if (frame.has(FLAG_END_STREAM)) {
          return new StreamResult(headers, null);
        }
      } else if (frame.type() == RST_STREAM) {
        return new StreamResult(headers, frame.errorCode());
      }
    }
    throw new EOFException("connection closed before stream " + stream + " ended; got " + headers);
  }

  /** Reads until a GOAWAY (the last frame returned) arrives; fails if the connection ends first. */
  List<Frame> readUntilGoaway() throws IOException {
    List<Frame> frames = new ArrayList<>();
    for (Frame frame; (frame = readFrame()) != null; ) {
      frames.add(frame);
      if (frame.type() == GOAWAY) {
        return frames;
      }
    }
    throw new EOFException("connection closed without GOAWAY");
  }

  /** Reads until the server closes the connection; returns every frame it sent. */
  List<Frame> awaitClosed() throws IOException {
    List<Frame> frames = new ArrayList<>();
    for (Frame frame; (frame = readFrameOrRawEnd()) != null; ) {
      frames.add(frame);
    }
    return frames;
  }

  /** Like readFrame, but bytes that are not a frame (e.g. an HTTP/1.1 answer) also end it. */
  private Frame readFrameOrRawEnd() throws IOException {
    try {
      return readFrame();
    } catch (EOFException e) {
      return null;
    }
  }

  /** Reads bytes until the server closes the connection; returns how many arrived. */
  int drainUntilClosed() throws IOException {
    int total = 0;
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
      }
    } catch (SocketException e) {
      // Reset by the server: closed.
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static void literal(ByteArrayOutputStream block, String name, String value) {
    literal(
        block, name.getBytes(StandardCharsets.US_ASCII), value.getBytes(StandardCharsets.UTF_8));
  }

  /** A "literal header field without indexing, new name", no Huffman coding (RFC 7541 6.2.2). */
  private static void literal(ByteArrayOutputStream block, byte[] name, byte[] value) {
    block.write(0);
    writeInt(block, 0, 7, name.length);
    block.writeBytes(name);
    writeInt(block, 0, 7, value.length);
    block.writeBytes(value);
  }

  private static void writeInt(ByteArrayOutputStream block, int high, int prefixBits, int value) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      block.write(high | value);
      return;
    }
    block.write(high | max);
    value -= max;
    while (value >= 128) {
      block.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    block.write(value);
  }

  /** Decodes the header representations the server can use with a zero-size dynamic table. */
  private static void decodeHeaderBlock(byte[] payload, int flags, Map<String, String> headers) {
    ByteBuffer buffer = ByteBuffer.wrap(payload);
    if ((flags & 0x8) != 0) { // PADDED
      int pad = buffer.get() & 0xff;
      buffer.limit(buffer.limit() - pad);
    }
    if ((flags & 0x20) != 0) { // PRIORITY
      buffer.position(buffer.position() + 5);
    }
    while (buffer.hasRemaining()) {
      int first = buffer.get(buffer.position()) & 0xff;
      if ((first & 0x80) != 0) { // indexed
        int index = readInt(buffer, 7);
        String[] entry = StaticTable.entry(index);
        headers.put(entry[0], entry[1]);
      } else if ((first & 0xe0) == 0x20) { // dynamic table size update
        readInt(buffer, 5);
      } else {
        int prefix = (first & 0x40) != 0 ? 6 : 4;
        int index = readInt(buffer, prefix);
        String name = index == 0 ? readString(buffer) : StaticTable.entry(index)[0];
        headers.put(name, readString(buffer));
      }
    }
  }

  private static int readInt(ByteBuffer buffer, int prefixBits) {
    int max = (1 << prefixBits) - 1;
    int value = buffer.get() & max;
    if (value < max) {
      return value;
    }
    int shift = 0;
    int b;
    do {
      b = buffer.get() & 0xff;
      value += (b & 0x7f) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return value;
  }

  private static String readString(ByteBuffer buffer) {
    boolean huffman = (buffer.get(buffer.position()) & 0x80) != 0;
    int length = readInt(buffer, 7);
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    // Netty only Huffman-codes long strings; the headers these tests read are short.
    return huffman ? "(huffman)" : new String(bytes, StandardCharsets.UTF_8);
  }

  /** The HPACK static table (RFC 7541 Appendix A). */
  private static final class StaticTable {
    private static final String[] ENTRIES = {
      ":authority=",
      ":method=GET",
      ":method=POST",
      ":path=/",
      ":path=/index.html",
      ":scheme=http",
      ":scheme=https",
      ":status=200",
      ":status=204",
      ":status=206",
      ":status=304",
      ":status=400",
      ":status=404",
      ":status=500",
      "accept-charset=",
      "accept-encoding=gzip, deflate",
      "accept-language=",
      "accept-ranges=",
      "accept=",
      "access-control-allow-origin=",
      "age=",
      "allow=",
      "authorization=",
      "cache-control=",
      "content-disposition=",
      "content-encoding=",
      "content-language=",
      "content-length=",
      "content-location=",
      "content-range=",
      "content-type=",
      "cookie=",
      "date=",
      "etag=",
      "expect=",
      "expires=",
      "from=",
      "host=",
      "if-match=",
      "if-modified-since=",
      "if-none-match=",
      "if-range=",
      "if-unmodified-since=",
      "last-modified=",
      "link=",
      "location=",
      "max-forwards=",
      "proxy-authenticate=",
      "proxy-authorization=",
      "range=",
      "referer=",
      "refresh=",
      "retry-after=",
      "server=",
      "set-cookie=",
      "strict-transport-security=",
      "transfer-encoding=",
      "user-agent=",
      "vary=",
      "via=",
      "www-authenticate=",
    };

    static String[] entry(int index) {
      if (index < 1 || index > ENTRIES.length) {
        throw new IllegalStateException(
            "HPACK index "
                + index
                + " is not in the static table "
                + "(the server used its dynamic table despite SETTINGS_HEADER_TABLE_SIZE=0)");
      }
      String entry = ENTRIES[index - 1];
      int eq = entry.indexOf('=', 1);
      return new String[] {entry.substring(0, eq), entry.substring(eq + 1)};
    }
  }
}
