#pragma once

#include <array>
#include <cstddef>

#include <boost/asio/buffer.hpp>

namespace traffpunkt::net {

/**
 * Up to N non-empty buffers of a buffer sequence, copied by value (so an operation may keep it
 * without anything else staying alive). A read or write of the first N buffers is a valid
 * `*_some` operation: it may always transfer less than it was offered.
 */
template <class Buffer, std::size_t N>
class buffer_list {
  public:
    buffer_list() = default;

    template <class Sequence>
    explicit buffer_list(const Sequence& sequence) {
        const auto end = boost::asio::buffer_sequence_end(sequence);
        for (auto it = boost::asio::buffer_sequence_begin(sequence); it != end && size_ < N; ++it) {
            Buffer b(*it);
            if (b.size() > 0) {
                items_[size_++] = b;
            }
        }
    }

    const Buffer* begin() const { return items_.data(); }
    const Buffer* end() const { return items_.data() + size_; }

  private:
    std::array<Buffer, N> items_{};
    std::size_t size_ = 0;
};

/** What a read is offered (Beast reads into one or two pieces of a dynamic buffer). */
using read_buffers = buffer_list<boost::asio::mutable_buffer, 4>;
/** What a write is offered (an HTTP head is a handful of pieces, a WebSocket frame two). */
using write_buffers = buffer_list<boost::asio::const_buffer, 16>;

}  // namespace traffpunkt::net
