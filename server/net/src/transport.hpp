#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/system/error_code.hpp>

#include "buffer_list.hpp"
#include "io_handler.hpp"
#include "transport_stream.hpp"

namespace traffpunkt::net {

/**
 * One connection's byte stream, plain TCP or TLS, behind one type: an AsyncReadStream and
 * AsyncWriteStream that Beast's HTTP and WebSocket code runs on. The sessions are written (and
 * compiled) once against this type; the two concrete streams are compiled once each, for
 * io_handler only. The deadline (`expires_after`) is the one of the TCP stream underneath, as
 * with beast::tcp_stream. One read and one write may be in flight at a time.
 */
class transport {
  public:
    using executor_type = boost::asio::any_io_executor;

    transport(std::unique_ptr<transport_stream> stream, executor_type executor)
        : stream_(std::move(stream)), executor_(std::move(executor)) {}

    executor_type get_executor() const noexcept { return executor_; }

    /** True when the connection is TLS. */
    bool is_tls() const { return stream_->is_tls(); }

    template <class MutableBufferSequence, class ReadToken>
    auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
        return boost::asio::async_initiate<ReadToken, void(boost::system::error_code, std::size_t)>(
            [this](auto&& handler, const read_buffers& b) {
                stream_->read_some(b, io_handler(std::move(handler), executor_));
            },
            token, read_buffers(buffers));
    }

    template <class ConstBufferSequence, class WriteToken>
    auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
        return boost::asio::async_initiate<WriteToken,
                                           void(boost::system::error_code, std::size_t)>(
            [this](auto&& handler, const write_buffers& b) {
                stream_->write_some(b, io_handler(std::move(handler), executor_));
            },
            token, write_buffers(buffers));
    }

    /** Reads from the TCP socket below TLS (bytes to discard after our close_notify). */
    template <class ReadHandler>
    void async_read_raw(boost::asio::mutable_buffer buffer, ReadHandler&& handler) {
        stream_->read_raw(buffer, io_handler(std::forward<ReadHandler>(handler), executor_));
    }

    /** The server side of the TLS handshake; `handler(error_code)`. */
    template <class Handler>
    void async_handshake(Handler&& handler) {
        stream_->handshake(
            io_handler(std::forward<Handler>(handler), executor_, std::false_type{}));
    }

    /** Sends TLS close_notify and waits for the peer's; `handler(error_code)`. */
    template <class Handler>
    void async_shutdown(Handler&& handler) {
        stream_->shutdown(io_handler(std::forward<Handler>(handler), executor_, std::false_type{}));
    }

    /** The deadline of every read and write from now on (beast::tcp_stream's expiry). */
    void expires_after(std::chrono::steady_clock::duration d) { stream_->expires_after(d); }
    void expires_never() { stream_->expires_never(); }

    /** The peer as `address:port`, or "unknown". */
    std::string remote() const { return stream_->remote(); }

    /** TCP half-close: no more bytes from us. */
    void shutdown_send() { stream_->shutdown_send(); }
    void shutdown_both() { stream_->shutdown_both(); }
    void close() { stream_->close(); }

    /** Beast closes the lowest layer this way when a WebSocket timeout fires. */
    friend void beast_close_socket(transport& t) { t.close(); }

    /** Found by Beast's WebSocket close through argument-dependent lookup. */
    template <class TeardownHandler>
    friend void async_teardown(boost::beast::role_type role, transport& t,
                               TeardownHandler&& handler) {
        t.stream_->teardown(role, io_handler(std::forward<TeardownHandler>(handler), t.executor_,
                                             std::false_type{}));
    }

  private:
    std::unique_ptr<transport_stream> stream_;
    executor_type executor_;
};

}  // namespace traffpunkt::net
