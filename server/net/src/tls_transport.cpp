// The TLS stream behind a transport: the one place Asio's SSL stream operations are
// instantiated for the sessions (for io_handler only).

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "make_transport.hpp"
#include "remote_text.hpp"

namespace traffpunkt::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

/** beast::ssl_stream over beast::tcp_stream behind the transport_stream interface. */
class tls_stream final : public transport_stream {
  public:
    tls_stream(tcp::socket socket, ssl::context& context)
        : stream_(beast::tcp_stream(std::move(socket)), context) {}

    bool is_tls() const override { return true; }

    void read_some(const read_buffers& buffers, io_handler handler) override {
        stream_.async_read_some(buffers, std::move(handler));
    }

    void write_some(const write_buffers& buffers, io_handler handler) override {
        stream_.async_write_some(buffers, std::move(handler));
    }

    void read_raw(asio::mutable_buffer buffer, io_handler handler) override {
        tcp_().async_read_some(buffer, std::move(handler));
    }

    void handshake(io_handler handler) override {
        stream_.async_handshake(ssl::stream_base::server, std::move(handler));
    }

    void shutdown(io_handler handler) override { stream_.async_shutdown(std::move(handler)); }

    void teardown(beast::role_type role, io_handler handler) override {
        // Beast's teardown for ssl_stream: close_notify, then the TCP teardown.
        using beast::websocket::async_teardown;
        async_teardown(role, stream_, std::move(handler));
    }

    void expires_after(std::chrono::steady_clock::duration d) override { tcp_().expires_after(d); }

    void expires_never() override { tcp_().expires_never(); }

    std::string remote() const override {
        beast::error_code ec;
        const auto ep = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
        return ec ? "unknown" : remote_text(ep);
    }

    void shutdown_send() override {
        beast::error_code ignored;
        tcp_().socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    void shutdown_both() override {
        beast::error_code ignored;
        tcp_().socket().shutdown(tcp::socket::shutdown_both, ignored);
    }

    void close() override {
        beast::error_code ignored;
        tcp_().socket().close(ignored);
    }

  private:
    beast::tcp_stream& tcp_() { return beast::get_lowest_layer(stream_); }

    beast::ssl_stream<beast::tcp_stream> stream_;
};

}  // namespace

transport make_tls_transport(tcp::socket socket, ssl::context& context) {
    auto executor = socket.get_executor();
    return transport(std::make_unique<tls_stream>(std::move(socket), context), std::move(executor));
}

}  // namespace traffpunkt::net
