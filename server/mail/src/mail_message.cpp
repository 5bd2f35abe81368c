#include "traffpunkt/mail/mail_message.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace traffpunkt::mail {

namespace {

/** Drops one GObject reference (every GMime object we make is one). */
struct unref {
    void operator()(gpointer p) const noexcept {
        if (p != nullptr) {
            g_object_unref(p);
        }
    }
};

template <class T>
using gobject_ptr = std::unique_ptr<T, unref>;

struct date_unref {
    void operator()(GDateTime* d) const noexcept { g_date_time_unref(d); }
};

/** GMime keeps global tables (charsets, header handlers); they are set up once. */
void init_gmime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

/**
 * A header value of one line: every control character (CR, LF, TAB, NUL, DEL, C1) and the
 * Unicode line separators become a space, and bytes that are not UTF-8 the replacement
 * character. Whatever a name or a title holds, it cannot end the header and start another.
 */
std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        std::size_t n = 0;
        if (b < 0x80) {
            out += (b < 0x20 || b == 0x7F) ? ' ' : static_cast<char>(b);
            ++i;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            n = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 3;
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4;
        }
        bool ok = n != 0 && i + n <= text.size();
        for (std::size_t k = 1; ok && k < n; ++k) {
            ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        }
        if (!ok) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        const std::string_view seq = text.substr(i, n);
        // C1 controls (U+0080..U+009F) and U+2028/U+2029 are line breaks to some readers.
        if ((n == 2 && b == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) ||
            seq == "\xE2\x80\xA8" || seq == "\xE2\x80\xA9") {
            out += ' ';
        } else {
            out.append(seq);
        }
        i += n;
    }
    return out;
}

/** A text body: like one_line, but LF (and TAB) stay, CRLF and lone CR become LF. */
std::string body_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '\n' || text[i] == '\r') {
            out += one_line(text.substr(start, i - start));
            if (i < text.size()) {
                out += '\n';
                if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                    ++i;
                }
            }
            start = i + 1;
        }
    }
    return out;
}

/** A MIME part holding `bytes` as they are, encoded in base64. */
gobject_ptr<GMimePart> bytes_part(const char* type, const char* subtype, const std::string& bytes) {
    gobject_ptr<GMimePart> part(g_mime_part_new_with_type(type, subtype));
    gobject_ptr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    gobject_ptr<GMimeDataWrapper> content(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(part.get(), content.get());
    g_mime_part_set_content_encoding(part.get(), GMIME_CONTENT_ENCODING_BASE64);
    return part;
}

/**
 * `text` (one line, UTF-8) as RFC 2047 encoded words, B encoding, each at most 64 characters and
 * never splitting a character. Used for text that holds `=?` itself: GMime would write it as it
 * is, and a mail program would then decode `=?UTF-8?B?...?=` in a title or name into other text
 * (a spoofed subject or sender). Encoded, it reads back exactly as it was.
 */
std::string encoded_words(std::string_view text) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const auto base64 = [](std::string_view bytes) {
        std::string out;
        for (std::size_t i = 0; i < bytes.size(); i += 3) {
            const auto b0 = static_cast<unsigned char>(bytes[i]);
            const auto b1 = i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) : 0;
            const auto b2 = i + 2 < bytes.size() ? static_cast<unsigned char>(bytes[i + 2]) : 0;
            out += alphabet[b0 >> 2];
            out += alphabet[((b0 & 0x03) << 4) | (b1 >> 4)];
            out += i + 1 < bytes.size() ? alphabet[((b1 & 0x0F) << 2) | (b2 >> 6)] : '=';
            out += i + 2 < bytes.size() ? alphabet[b2 & 0x3F] : '=';
        }
        return out;
    };
    // "=?UTF-8?B?" + "?=" is 12 characters; 39 bytes become 52 in base64: 64 in all, so that
    // "Subject: " and a word, or a folded line's space and a word, stay within 78 columns.
    constexpr std::size_t chunk = 39;
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(text.size(), start + chunk);
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            --end;  // not inside a UTF-8 sequence
        }
        if (!out.empty()) {
            out += ' ';
        }
        out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

/** A header text as GMime gets it: one line, and encoded by us when it holds `=?`. */
std::string header_text(std::string_view text) {
    std::string line = one_line(text);
    return line.find("=?") == std::string::npos ? line : encoded_words(line);
}

/** Adds `box` to the From or To list, its name encoded as UTF-8 words when it needs to be. */
void add_mailbox(GMimeMessage* message, GMimeAddressType type, const mailbox& box) {
    gobject_ptr<InternetAddress> address(
        internet_address_mailbox_new(header_text(box.name).c_str(), box.address.c_str()));
    internet_address_set_charset(address.get(), "utf-8");
    internet_address_list_add(g_mime_message_get_addresses(message, type), address.get());
}

}  // namespace

bool is_plain_address(const std::string& address) {
    const auto at = address.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= address.size() ||
        address.find('@', at + 1) != std::string::npos) {
        return false;
    }
    for (const char c : address) {
        const auto b = static_cast<unsigned char>(c);
        if (b <= 0x20 || b >= 0x7F ||
            std::string_view("<>()[],;:\"\\").find(c) != std::string_view::npos) {
            return false;
        }
    }
    return true;
}

std::string build_message(const mail_message& m) {
    if (!is_plain_address(m.from.address)) {
        throw std::invalid_argument("the sender address is not a plain local@domain address");
    }
    if (!is_plain_address(m.to.address)) {
        throw std::invalid_argument("the recipient address is not a plain local@domain address");
    }
    if (m.message_id.empty() || !is_plain_address(m.message_id)) {
        throw std::invalid_argument("the Message-ID must be id-left@id-right");
    }
    init_gmime();

    gobject_ptr<GMimeMessage> message(g_mime_message_new(TRUE));
    add_mailbox(message.get(), GMIME_ADDRESS_TYPE_FROM, m.from);
    add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, m.to);
    g_mime_message_set_subject(message.get(), header_text(m.subject).c_str(), "utf-8");
    g_mime_message_set_message_id(message.get(), m.message_id.c_str());
    std::unique_ptr<GDateTime, date_unref> date(
        g_date_time_new_from_unix_utc(m.date.time_since_epoch().count()));
    g_mime_message_set_date(message.get(), date.get());
    GMimeObject* root = GMIME_OBJECT(message.get());
    g_mime_object_set_header(root, "Auto-Submitted", "auto-generated", nullptr);
    g_mime_object_set_header(root, "Content-Language", one_line(m.language).c_str(), nullptr);

    // The text as it is (UTF-8): g_mime_text_part_set_text would convert it to the "best"
    // charset (ISO-8859-1 for Swedish), which some readers then show wrongly.
    auto text = bytes_part("text", "plain", body_text(m.text));
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(text.get()), "charset", "utf-8");
    g_mime_part_set_content_encoding(text.get(), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);

    if (!m.calendar) {
        g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(text.get()));
    } else {
        const std::string method = one_line(m.calendar->method);
        // The calendar inline, as the alternative to the text: calendar programs act on it.
        auto calendar = bytes_part("text", "calendar", m.calendar->text);
        g_mime_object_set_content_type_parameter(GMIME_OBJECT(calendar.get()), "charset", "utf-8");
        g_mime_object_set_content_type_parameter(GMIME_OBJECT(calendar.get()), "method",
                                                 method.c_str());
        gobject_ptr<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
        g_mime_multipart_add(alternative.get(), GMIME_OBJECT(text.get()));
        g_mime_multipart_add(alternative.get(), GMIME_OBJECT(calendar.get()));
        // ... and as a file, for mail programs that show only attachments.
        auto attachment = bytes_part("application", "ics", m.calendar->text);
        g_mime_object_set_content_type_parameter(GMIME_OBJECT(attachment.get()), "method",
                                                 method.c_str());
        g_mime_part_set_filename(attachment.get(), "invite.ics");
        gobject_ptr<GMimeMultipart> mixed(g_mime_multipart_new_with_subtype("mixed"));
        g_mime_multipart_add(mixed.get(), GMIME_OBJECT(alternative.get()));
        g_mime_multipart_add(mixed.get(), GMIME_OBJECT(attachment.get()));
        g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(mixed.get()));
    }

    GMimeFormatOptions* options = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
    gobject_ptr<GMimeStream> out(g_mime_stream_mem_new());
    const auto written = g_mime_object_write_to_stream(root, options, out.get());
    g_mime_format_options_free(options);
    if (written < 0) {
        throw std::runtime_error("GMime could not write the message");
    }
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

}  // namespace traffpunkt::mail
