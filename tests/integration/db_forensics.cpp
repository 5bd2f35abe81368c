#include "db_forensics.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <stdexcept>

namespace traffpunkt::integration::forensics {

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return {};
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uint32_t be32(const std::string& b, std::size_t at) {
    const auto* p = reinterpret_cast<const unsigned char*>(b.data() + at);
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

std::uint32_t le32(const std::string& b, std::size_t at) {
    const auto* p = reinterpret_cast<const unsigned char*>(b.data() + at);
    return (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) |
           std::uint32_t{p[0]};
}

std::uint16_t be16(const std::string& b, std::size_t at) {
    const auto* p = reinterpret_cast<const unsigned char*>(b.data() + at);
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

/** The WAL checksum (https://www.sqlite.org/fileformat.html#checksum_algorithm). */
void wal_checksum(const std::string& b, std::size_t at, std::size_t n, bool big_endian,
                  std::uint32_t& s0, std::uint32_t& s1) {
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
        const std::uint32_t x0 = big_endian ? be32(b, at + i) : le32(b, at + i);
        const std::uint32_t x1 = big_endian ? be32(b, at + i + 4) : le32(b, at + i + 4);
        s0 += x0 + s1;
        s1 += x1 + s0;
    }
}

/** Marks an image as a rollback-journal database, so it opens without a WAL beside it. */
void to_rollback_mode(std::string& image) {
    if (image.size() >= 100) {
        image[18] = 1;
        image[19] = 1;
    }
}

std::size_t page_size_of(const std::string& image) {
    const std::uint16_t raw = be16(image, 16);
    return raw == 1 ? 65536 : raw;
}

/** A varint at `at` (advanced past it). */
std::uint64_t varint(const std::string& b, std::size_t& at) {
    std::uint64_t v = 0;
    for (int i = 0; i < 9 && at < b.size(); ++i) {
        const auto byte = static_cast<unsigned char>(b[at++]);
        if (i == 8) {
            return (v << 8) | byte;
        }
        v = (v << 7) | (byte & 0x7f);
        if ((byte & 0x80) == 0) {
            return v;
        }
    }
    return v;
}

/** The columns of the record at [at, end) as text; what does not fit locally is cut off. */
row record_columns(const std::string& b, std::size_t at, std::size_t end) {
    row out;
    const std::size_t start = at;
    const std::uint64_t header_size = varint(b, at);
    const std::size_t header_end = start + header_size;
    std::vector<std::uint64_t> types;
    while (at < header_end && at < end) {
        types.push_back(varint(b, at));
    }
    std::size_t body = header_end;
    for (const auto t : types) {
        std::size_t len = 0;
        if (t >= 1 && t <= 4) {
            len = t;
        } else if (t == 5) {
            len = 6;
        } else if (t == 6 || t == 7) {
            len = 8;
        } else if (t >= 12) {
            len = (t - 12 - (t % 2)) / 2;
        }
        if (body + len > end) {
            out.emplace_back("<overflow>");
            break;
        }
        if (t == 0) {
            out.emplace_back("");
        } else if (t == 8 || t == 9) {
            out.emplace_back(t == 8 ? "0" : "1");
        } else if (t >= 1 && t <= 6) {
            std::int64_t v = static_cast<signed char>(b[body]);
            for (std::size_t i = 1; i < len; ++i) {
                v = (v << 8) | static_cast<unsigned char>(b[body + i]);
            }
            out.push_back(std::to_string(v));
        } else if (t == 7) {
            out.emplace_back("<real>");
        } else {
            out.push_back(b.substr(body, len));
        }
        body += len;
    }
    return out;
}

/** Walks the b-tree at `page` (1-based), calling `leaf_cell(page_start, cell_offset, type)`. */
void walk(const std::string& image, std::size_t page_size, std::uint32_t page, int depth,
          const std::function<void(std::size_t, std::size_t, unsigned char)>& leaf_cell) {
    if (page == 0 || depth > 20 || static_cast<std::size_t>(page) * page_size > image.size()) {
        return;
    }
    const std::size_t base = static_cast<std::size_t>(page - 1) * page_size;
    const std::size_t header = base + (page == 1 ? 100 : 0);
    const auto type = static_cast<unsigned char>(image[header]);
    const std::uint16_t cells = be16(image, header + 3);
    const bool interior = type == 0x02 || type == 0x05;
    const std::size_t pointers = header + (interior ? 12 : 8);
    if (type != 0x02 && type != 0x05 && type != 0x0a && type != 0x0d) {
        return;
    }
    if (!interior) {
        // Within a page: by content offset, highest first.
        std::vector<std::size_t> offsets;
        for (std::uint16_t i = 0; i < cells; ++i) {
            offsets.push_back(be16(image, pointers + 2U * i));
        }
        std::sort(offsets.begin(), offsets.end(), std::greater<>());
        for (const auto off : offsets) {
            leaf_cell(base, off, type);
        }
        return;
    }
    for (std::uint16_t i = 0; i < cells; ++i) {
        const std::size_t cell = base + be16(image, pointers + 2U * i);
        walk(image, page_size, be32(image, cell), depth + 1, leaf_cell);
    }
    walk(image, page_size, be32(image, header + 8), depth + 1, leaf_cell);
}

}  // namespace

db_copy copy_database(const std::string& path) {
    // The WAL first: frames the main file lacks are then at least in the copy of the WAL.
    db_copy c;
    c.wal = read_file(path + "-wal");
    c.shm = read_file(path + "-shm");
    c.main = read_file(path);
    return c;
}

std::vector<std::string> states_of(const db_copy& copy) {
    std::vector<std::string> states;
    std::string image = copy.main;
    to_rollback_mode(image);
    if (image.size() >= 100) {
        states.push_back(image);
    }
    const std::string& w = copy.wal;
    if (w.size() < 32) {
        return states;
    }
    const std::uint32_t magic = be32(w, 0);
    if (magic != 0x377f0682 && magic != 0x377f0683) {
        return states;
    }
    const bool big_endian = (magic & 1) != 0;
    const std::size_t page_size = be32(w, 8);
    const std::uint32_t salt1 = be32(w, 16);
    const std::uint32_t salt2 = be32(w, 20);
    std::uint32_t s0 = 0;
    std::uint32_t s1 = 0;
    wal_checksum(w, 0, 24, big_endian, s0, s1);
    if (s0 != be32(w, 24) || s1 != be32(w, 28) || page_size < 512) {
        return states;
    }
    std::string pending = image;
    for (std::size_t at = 32; at + 24 + page_size <= w.size(); at += 24 + page_size) {
        if (be32(w, at + 8) != salt1 || be32(w, at + 12) != salt2) {
            break;  // an older generation of the WAL from here on
        }
        wal_checksum(w, at, 8, big_endian, s0, s1);
        wal_checksum(w, at + 24, page_size, big_endian, s0, s1);
        if (s0 != be32(w, at + 16) || s1 != be32(w, at + 20)) {
            break;  // a torn or stale frame
        }
        const std::uint32_t page = be32(w, at);
        const std::size_t offset = static_cast<std::size_t>(page - 1) * page_size;
        if (pending.size() < offset + page_size) {
            pending.resize(offset + page_size, '\0');
        }
        pending.replace(offset, page_size, w, at + 24, page_size);
        if (const std::uint32_t pages = be32(w, at + 4); pages != 0) {
            pending.resize(static_cast<std::size_t>(pages) * page_size, '\0');
            std::string state = pending;
            to_rollback_mode(state);
            states.push_back(std::move(state));
        }
    }
    return states;
}

std::optional<std::vector<row>> query(const std::string& image, const std::string& sql) {
    char path[] = "/tmp/traffpunkt-forensics-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) {
        throw std::runtime_error("mkstemp failed");
    }
    const bool written =
        ::write(fd, image.data(), image.size()) == static_cast<ssize_t>(image.size());
    ::close(fd);
    std::optional<std::vector<row>> result;
    sqlite3* db = nullptr;
    const std::string uri = std::string("file:") + path + "?immutable=1";
    if (written && sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                                   nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
            std::vector<row> rows;
            int rc = SQLITE_ROW;
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                row r;
                for (int i = 0; i < sqlite3_column_count(st); ++i) {
                    const auto* text = sqlite3_column_text(st, i);
                    r.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
                }
                rows.push_back(std::move(r));
            }
            if (rc == SQLITE_DONE) {
                result = std::move(rows);
            }
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    std::remove(path);
    return result;
}

std::vector<row> cells_in_physical_order(const std::string& image, const std::string& name) {
    std::vector<row> out;
    const auto root =
        query(image, "SELECT rootpage FROM sqlite_schema WHERE name = '" + name + "'");
    if (!root || root->empty() || image.size() < 100) {
        return out;
    }
    const std::size_t page_size = page_size_of(image);
    const auto root_page = static_cast<std::uint32_t>(std::stoul(root->front().front()));
    walk(image, page_size, root_page, 0,
         [&](std::size_t base, std::size_t offset, unsigned char type) {
             std::size_t at = base + offset;
             const std::uint64_t payload = varint(image, at);
             if (type == 0x0d) {
                 varint(image, at);  // the rowid
             }
             const std::size_t end = std::min(at + payload, base + page_size);
             out.push_back(record_columns(image, at, end));
         });
    return out;
}

std::size_t occurrences(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    if (needle.empty()) {
        return 0;
    }
    for (auto at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

}  // namespace traffpunkt::integration::forensics
