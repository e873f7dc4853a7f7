import CYAML

/// One libyaml event, with its positions converted to 1-based marks.
public enum YAMLEvent: Sendable {
    case streamStart
    case streamEnd
    case documentStart(Mark)
    case documentEnd(Mark)
    case mappingStart(anchor: String?, tag: String?, start: Mark)
    case mappingEnd(Mark)
    case sequenceStart(anchor: String?, tag: String?, start: Mark)
    case sequenceEnd(Mark)
    case scalar(YAMLScalar, anchor: String?, start: Mark, end: Mark)
    case alias(anchor: String, start: Mark, end: Mark)
}

/// Pulls events from libyaml, with one event of lookahead, over an in-memory
/// buffer (the reader owns a copy, so libyaml's pointer stays valid) or
/// streamed from an open file in small reads, so a large export is never held whole.
public final class YAMLEventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: Input
    // Read for every event: no dynamic exclusivity check (the reader is used
    // by one thread at a time and never lends these out).
    @exclusivity(unchecked) private var peeked: YAMLEvent?
    @exclusivity(unchecked) private var finished = false
    /// Texts recently read that a `String` must allocate for (``RecentTexts``).
    private let recentTexts = RecentTexts()
    /// Lines as a reader counts them (libyaml also breaks them at NEL, LS and PS).
    private let lineBreaks: LineBreaks

    /// Longest scalar accepted, in UTF-8 bytes; set from ``YAMLLimits/maxScalarBytes`` by the composer.
    @exclusivity(unchecked) public var maxScalarBytes = YAMLLimits.default.maxScalarBytes

    private enum Input {
        case buffer(UnsafeMutableBufferPointer<UInt8>, count: Int)
        case file(FileSource)
    }

    public convenience init(bytes: some Collection<UInt8>) {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes)
        self.init(taking: buffer, count: bytes.count)
    }

    /// Takes ownership of `buffer` (deallocated with the reader); `count` bytes are input.
    public init(taking buffer: UnsafeMutableBufferPointer<UInt8>, count: Int) {
        input = .buffer(buffer, count: count)
        lineBreaks = LineBreaks()
        lineBreaks.feed(UnsafeBufferPointer(rebasing: buffer[0..<count]))
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_input_string(parser, buffer.baseAddress, count)
    }

    /// Streams from `fd`, which the reader owns (closed with it); input past
    /// `maxBytes` (a file that grew after it was measured) reads as a read error.
    init(fileDescriptor fd: Int32, maxBytes: Int) {
        let source = FileSource(fd: fd, maxBytes: maxBytes)
        input = .file(source)
        lineBreaks = source.lineBreaks
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_input(parser, { data, buffer, size, sizeRead in
            guard let data, let buffer, let sizeRead else { return 0 }
            return Unmanaged<FileSource>.fromOpaque(data).takeUnretainedValue().read(into: buffer, size: size, sizeRead: sizeRead)
        }, Unmanaged.passUnretained(source).toOpaque())
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        recentTexts.free()
        switch input {
        case .buffer(let buffer, _): buffer.deallocate()
        case .file(let source): source.close()
        }
    }

    /// The next event without consuming it.
    public func peek() throws(YAMLError) -> YAMLEvent {
        if let e = peeked { return e }
        let e = try read()
        peeked = e
        return e
    }

    /// The next event.
    public func next() throws(YAMLError) -> YAMLEvent {
        if let e = peeked.take() { return e }
        return try read()
    }

    /// What ``handOver(to:keepingListEnd:)`` passed on, for a reader that follows the nesting.
    enum HandedOver {
        case start, end, sequenceEnd, scalar, streamOrDocument
    }

    /// Reads the next event into `feed`; what it was, and whether the feed took
    /// it (false: its taker stopped). The usual event goes in as a record with
    /// its text as bytes, the `String` made by the taking thread
    /// (``YAMLEventFeed``): this thread is what a large load waits for.
    /// `keepingListEnd`: the end of a list is read and not handed over.
    func handOver(to feed: YAMLEventFeed, keepingListEnd: Bool) throws(YAMLError) -> (HandedOver, taken: Bool) {
        if let e = peeked.take() {
            let kind = Self.handedOver(e)
            return (kind, kind == .sequenceEnd && keepingListEnd ? true : feed.append(e))
        }
        if finished { return (.streamOrDocument, feed.append(.streamEnd)) }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw parserError() }
        defer { yaml_event_delete(&event) }
        switch event.type {
        case YAML_SCALAR_EVENT where event.data.scalar.anchor == nil && event.data.scalar.tag == nil
            && event.data.scalar.length <= min(maxScalarBytes, YAMLEventFeed.maxCopiedText):
            let d = event.data.scalar
            return (.scalar, feed.appendScalar(d.value, count: d.length, style: Self.style(d.style), start: mark(event.start_mark), end: mark(event.end_mark)))
        case YAML_MAPPING_START_EVENT where event.data.mapping_start.anchor == nil && event.data.mapping_start.tag == nil:
            return (.start, feed.appendStart(sequence: false, at: mark(event.start_mark)))
        case YAML_SEQUENCE_START_EVENT where event.data.sequence_start.anchor == nil && event.data.sequence_start.tag == nil:
            return (.start, feed.appendStart(sequence: true, at: mark(event.start_mark)))
        case YAML_MAPPING_END_EVENT:
            return (.end, feed.appendEnd(sequence: false, at: mark(event.start_mark)))
        case YAML_SEQUENCE_END_EVENT:
            return (.sequenceEnd, keepingListEnd ? true : feed.appendEnd(sequence: true, at: mark(event.start_mark)))
        default:
            let e = try convert(&event)
            return (Self.handedOver(e), feed.append(e))
        }
    }

    private static func handedOver(_ e: YAMLEvent) -> HandedOver {
        switch e {
        case .mappingStart, .sequenceStart: return .start
        case .mappingEnd: return .end
        case .sequenceEnd: return .sequenceEnd
        case .scalar, .alias: return .scalar
        case .streamStart, .streamEnd, .documentStart, .documentEnd: return .streamOrDocument
        }
    }

    private static func style(_ s: yaml_scalar_style_t) -> ScalarStyle {
        switch s {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    private func read() throws(YAMLError) -> YAMLEvent {
        if finished { return .streamEnd }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw parserError() }
        defer { yaml_event_delete(&event) }
        return try convert(&event)
    }

    /// The event libyaml gave (deleted by the caller).
    private func convert(_ event: inout yaml_event_t) throws(YAMLError) -> YAMLEvent {
        let start = mark(event.start_mark)
        let end = mark(event.end_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT:
            finished = true
            return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart(start)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd(start)
        case YAML_MAPPING_START_EVENT:
            let d = event.data.mapping_start
            return .mappingStart(anchor: string(d.anchor), tag: string(d.tag), start: start)
        case YAML_MAPPING_END_EVENT: return .mappingEnd(start)
        case YAML_SEQUENCE_START_EVENT:
            let d = event.data.sequence_start
            return .sequenceStart(anchor: string(d.anchor), tag: string(d.tag), start: start)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd(start)
        case YAML_SCALAR_EVENT:
            let d = event.data.scalar
            guard d.length <= maxScalarBytes else {
                throw YAMLError(
                    "a value of \(d.length) bytes is longer than the limit of \(maxScalarBytes) bytes (--max-scalar-size); refusing to read it",
                    at: start)
            }
            let text: String
            if let v = d.value, d.length > 0 {
                text = recentTexts.text(v, count: d.length)
            } else {
                text = ""
            }
            let scalar = YAMLScalar(text: text, style: Self.style(d.style), tag: string(d.tag))
            return .scalar(scalar, anchor: string(d.anchor), start: start, end: end)
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "", start: start, end: end)
        default:
            throw YAMLError("unexpected YAML event", at: start)
        }
    }

    @inline(__always)
    private func mark(_ m: yaml_mark_t) -> Mark {
        lineBreaks.mark(line: Int(m.line), column: Int(m.column), index: Int(m.index))
    }

    private func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    /// libyaml's problem, in plain words, at the problem's position.
    private func parserError() -> YAMLError {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = p.context.map { String(cString: $0) }
        var at = mark(p.problem_mark)
        switch p.error {
        case YAML_READER_ERROR where problem == "input error":
            if case .file(let source) = input, let message = source.failure {
                return YAMLError(message, at: position(ofByte: p.problem_offset))
            }
            return YAMLError("the file could not be read", at: position(ofByte: p.problem_offset))
        case YAML_READER_ERROR:
            // Reader errors give a byte offset, not a line: count lines up to it.
            at = position(ofByte: p.problem_offset)
            var message = YAMLErrorWording.reader(problem)
            if p.problem_value != -1 {
                // UTF-16's problem is a code unit (a lone surrogate), UTF-8's a byte.
                let utf16 = p.encoding == YAML_UTF16LE_ENCODING || p.encoding == YAML_UTF16BE_ENCODING
                let value = UInt32(bitPattern: p.problem_value) & (utf16 ? 0xFFFF : 0xFF)
                message += utf16 ? " (code unit 0x\(String(value, radix: 16, uppercase: true)))" : " (byte 0x\(String(value, radix: 16)))"
            }
            return YAMLError(message, at: at)
        case YAML_MEMORY_ERROR:
            return YAMLError("out of memory while reading YAML", at: at)
        default:
            var message = YAMLErrorWording.plain(problem)
            if let context, context != "while scanning for the next token" {
                let cm = mark(p.context_mark)
                message += " (\(YAMLErrorWording.plain(context)) at line:\(cm.line),col:\(cm.column))"
            }
            return YAMLError(message, at: at)
        }
    }

    /// The line and column of byte `offset` of the input, for reader errors.
    private func position(ofByte offset: Int) -> Mark {
        switch input {
        case .buffer(let buffer, let count):
            return Self.position(ofByte: offset, in: UnsafeBufferPointer(rebasing: buffer[0..<count]))
        case .file(let source):
            // Only on an error: the bytes up to it are read again.
            let prefix = source.prefix(offset + 2)
            return prefix.withUnsafeBufferPointer { Self.position(ofByte: offset, in: $0) }
        }
    }

    private static func position(ofByte offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Mark {
        let count = buffer.count
        if count >= 2, (buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF) {
            return position(ofUTF16Byte: offset, littleEndian: buffer[0] == 0xFF, in: buffer)
        }
        var at = LineCounter()
        for i in 0..<min(offset, count) { at.take(UInt32(buffer[i]), continues: buffer[i] & 0xC0 == 0x80) }
        return at.mark
    }

    /// As ``position(ofByte:in:)`` for UTF-16 input (after its byte-order mark):
    /// columns count characters, a surrogate pair as one.
    private static func position(ofUTF16Byte offset: Int, littleEndian: Bool, in buffer: UnsafeBufferPointer<UInt8>) -> Mark {
        var at = LineCounter()
        var i = 2
        let limit = min(offset, buffer.count - 1)
        while i < limit {
            let unit = littleEndian ? UInt16(buffer[i]) | UInt16(buffer[i + 1]) << 8 : UInt16(buffer[i]) << 8 | UInt16(buffer[i + 1])
            at.take(UInt32(unit), continues: unit & 0xFC00 == 0xDC00)
            i += 2
        }
        return at.mark
    }

    /// A position counted unit by unit: lines end at `\n`, `\r\n` and `\r`,
    /// as every other position counts them (``LineBreaks``); a unit that
    /// continues a character adds no column.
    private struct LineCounter {
        private var line = 1
        private var column = 1
        private var afterCR = false

        var mark: Mark { Mark(line: line, column: column) }

        /// The next code unit (a UTF-8 byte or a UTF-16 unit).
        mutating func take(_ unit: UInt32, continues: Bool) {
            if unit == 0x0A || unit == 0x0D {
                if !(unit == 0x0A && afterCR) { line += 1 }
                column = 1
                afterCR = unit == 0x0D
            } else {
                afterCR = false
                if !continues { column += 1 }
            }
        }
    }
}

/// Rewords libyaml's terse messages for people.
enum YAMLErrorWording {
    static func plain(_ s: String) -> String {
        switch s {
        case "mapping values are not allowed in this context":
            return "a \"key: value\" pair is not allowed here (is a colon inside an unquoted value, or is the indentation off?)"
        case "found character that cannot start any token":
            return "found a character that cannot start any YAML token (tabs cannot indent YAML; quote values that start with @ or `)"
        case "did not find expected key":
            return "expected a key at this indentation (is an item indented wrongly, or a quote left open?)"
        case "did not find expected '-' indicator":
            return "expected a \"- \" list item at this indentation"
        case "found undefined tag handle":
            return "unknown tag handle"
        case "found unexpected end of stream":
            return "the file ends inside a value (an unclosed quote or bracket?)"
        case "while scanning a quoted scalar":
            return "in the quoted value that starts"
        case "while parsing a block mapping":
            return "in the mapping that starts"
        case "while parsing a block collection":
            return "in the list that starts"
        case "while parsing a flow mapping":
            return "in the {…} mapping that starts"
        case "while parsing a flow sequence":
            return "in the […] list that starts"
        case "while scanning a simple key":
            return "in the key that starts"
        default:
            return s
        }
    }

    static func reader(_ s: String) -> String {
        switch s {
        case "invalid leading UTF-8 octet", "invalid trailing UTF-8 octet", "incomplete UTF-8 octet sequence":
            return "the file is not valid UTF-8: \(s)"
        case "control characters are not allowed":
            return "the file contains a control character that YAML does not allow (a binary file?)"
        default:
            return s
        }
    }
}

/// Texts recently made from bytes. Values repeat across an export
/// (connection ids, timestamps, e-mail addresses, keys, app keys, actions),
/// so each is looked up first in a small direct-mapped cache of texts
/// recently made:
/// - one of 16 to 64 bytes, which a `String` must allocate for: repeats
///   share one allocation (less memory for the model, no allocation and no
///   UTF-8 check on a hit);
/// - one of 1 to 15 bytes, which sits inside the `String` itself: its bytes
///   and length fit in two words, so a hit is two compares where making it
///   again checks and copies the bytes (about 160 instructions).
/// Used by one thread at a time; its owner calls ``free()`` once.
struct RecentTexts {
    private let slots: UnsafeMutablePointer<String>
    private static let count = 1024
    /// Texts of 1 to 15 bytes by their bytes and length (``SmallKey``).
    private let small: UnsafeMutablePointer<(key: SmallKey, text: String)>
    private static let smallBits = 10
    private static let smallCount = 1 << smallBits

    /// A text of at most 15 bytes as two words: its bytes, zero after the
    /// last, and its length in the 16th byte.
    /// Equal keys are equal bytes: a cached text made from them is the text.
    private struct SmallKey: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
    }

    init() {
        slots = .allocate(capacity: Self.count)
        slots.initialize(repeating: "", count: Self.count)
        small = .allocate(capacity: Self.smallCount)
        small.initialize(repeating: (SmallKey(), ""), count: Self.smallCount)
    }

    func free() {
        slots.deinitialize(count: Self.count)
        slots.deallocate()
        small.deinitialize(count: Self.smallCount)
        small.deallocate()
    }

    func text(_ value: UnsafePointer<UInt8>, count: Int) -> String {
        let bytes = UnsafeBufferPointer(start: value, count: count)
        if count > 0 && count < 16 { return smallText(bytes) }
        guard count > 15, count <= 64 else { return String(decoding: bytes, as: UTF8.self) }
        var hash: UInt32 = 2_166_136_261
        for b in bytes { hash = (hash ^ UInt32(b)) &* 16_777_619 }
        let slot = slots + Int(hash % UInt32(Self.count))
        let same = slot.pointee.utf8.withContiguousStorageIfAvailable { cached in
            cached.count == count && cached.elementsEqual(bytes)
        }
        if same == true { return slot.pointee }
        let text = String(decoding: bytes, as: UTF8.self)
        slot.pointee = text
        return text
    }

    private func smallText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var key = SmallKey()
        withUnsafeMutableBytes(of: &key) { key in
            key.copyMemory(from: UnsafeRawBufferPointer(bytes))
            key[15] = UInt8(truncatingIfNeeded: bytes.count)
        }
        let mixed = (key.low &* 0x9E37_79B9_7F4A_7C15) ^ (key.high &* 0xC2B2_AE3D_27D4_EB4F)
        let slot = small + Int(truncatingIfNeeded: mixed >> UInt64(64 - Self.smallBits))
        if slot.pointee.key == key { return slot.pointee.text }
        let text = String(decoding: bytes, as: UTF8.self)
        slot.pointee = (key, text)
        return text
    }
}
