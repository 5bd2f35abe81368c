// The plain TCP stream behind a transport: the one place beast::tcp_stream's operations are
// instantiated for the sessions (for io_handler only).

#include <boost/asio/post.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/teardown.hpp>

#include "make_transport.hpp"
#include "remote_text.hpp"

namespace traffpunkt::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

/** beast::tcp_stream behind the transport_stream interface. */
class plain_stream final : public transport_stream {
  public:
    explicit plain_stream(tcp::socket socket) : stream_(std::move(socket)) {}

    bool is_tls() const override { return false; }

    void read_some(const read_buffers& buffers, io_handler handler) override {
        stream_.async_read_some(buffers, std::move(handler));
    }

    void write_some(const write_buffers& buffers, io_handler handler) override {
        stream_.async_write_some(buffers, std::move(handler));
    }

    void read_raw(asio::mutable_buffer buffer, io_handler handler) override {
        stream_.async_read_some(buffer, std::move(handler));
    }

    void handshake(io_handler handler) override { complete_now(std::move(handler)); }

    void shutdown(io_handler handler) override { complete_now(std::move(handler)); }

    void teardown(beast::role_type role, io_handler handler) override {
        beast::websocket::async_teardown(role, stream_.socket(), std::move(handler));
    }

    void expires_after(std::chrono::steady_clock::duration d) override { stream_.expires_after(d); }

    void expires_never() override { stream_.expires_never(); }

    std::string remote() const override {
        beast::error_code ec;
        const auto ep = stream_.socket().remote_endpoint(ec);
        return ec ? "unknown" : remote_text(ep);
    }

    void shutdown_send() override {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    void shutdown_both() override {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }

    void close() override {
        beast::error_code ignored;
        stream_.socket().close(ignored);
    }

  private:
    void complete_now(io_handler handler) {
        // Never inline: the caller may not be ready for its completion before it returns.
        auto executor = handler.get_executor();
        asio::post(executor, [h = std::move(handler)]() mutable { h({}, 0); });
    }

    beast::tcp_stream stream_;
};

}  // namespace

transport make_plain_transport(tcp::socket socket) {
    auto executor = socket.get_executor();
    return transport(std::make_unique<plain_stream>(std::move(socket)), std::move(executor));
}

}  // namespace traffpunkt::net
