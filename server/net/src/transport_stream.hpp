#pragma once

#include <chrono>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/role.hpp>

#include "buffer_list.hpp"
#include "io_handler.hpp"

namespace traffpunkt::net {

/**
 * The interface of the streams a transport can hold (plain TCP, TLS over TCP). Implemented in
 * plain_transport.cpp and tls_transport.cpp; nothing else sees the concrete stream types.
 */
class transport_stream {
  public:
    virtual ~transport_stream() = default;

    virtual bool is_tls() const = 0;
    virtual void read_some(const read_buffers& buffers, io_handler handler) = 0;
    virtual void write_some(const write_buffers& buffers, io_handler handler) = 0;
    /** Reads below TLS, from the TCP socket itself. */
    virtual void read_raw(boost::asio::mutable_buffer buffer, io_handler handler) = 0;
    /** The server side of the TLS handshake; plain TCP completes at once. */
    virtual void handshake(io_handler handler) = 0;
    /** TLS close_notify (and the peer's); plain TCP completes at once. */
    virtual void shutdown(io_handler handler) = 0;
    /** The end of a WebSocket connection, as Beast does it for the concrete stream. */
    virtual void teardown(boost::beast::role_type role, io_handler handler) = 0;
    virtual void expires_after(std::chrono::steady_clock::duration d) = 0;
    virtual void expires_never() = 0;
    virtual std::string remote() const = 0;
    virtual void shutdown_send() = 0;
    virtual void shutdown_both() = 0;
    virtual void close() = 0;
};

}  // namespace traffpunkt::net
