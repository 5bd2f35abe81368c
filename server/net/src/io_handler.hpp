#pragma once

#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/recycling_allocator.hpp>
#include <boost/system/error_code.hpp>

namespace traffpunkt::net {

/**
 * A completion handler of any type behind one concrete type, called as `(error_code, size_t)`.
 *
 * This is what lets the sessions be compiled once instead of once per stream type (plain, TLS):
 * Beast's composed operations hand their intermediate handlers to `transport`, which boxes them
 * in an io_handler and passes that through a virtual call to the real stream, whose operations
 * are then instantiated for io_handler alone. Boost 1.81 has no
 * `asio::any_completion_handler` (it came with 1.82), hence this small one.
 *
 * The box keeps the wrapped handler's associated executor (the session's io_context), so the
 * completion runs where it would have run without the box; its memory comes from Asio's
 * per-thread recycling allocator, so a read or write costs no call to the global heap. Move-only,
 * called at most once.
 */
class io_handler {
  public:
    using executor_type = boost::asio::any_io_executor;

    io_handler() = default;

    /**
     * Boxes `handler`, which takes `(error_code, size_t)` or, when `Bytes` is false, only
     * `(error_code)`. `fallback` is the executor used when the handler has none of its own.
     */
    template <class Handler, bool Bytes = true>
    io_handler(Handler&& handler, const executor_type& fallback, std::bool_constant<Bytes> = {})
        : executor_(boost::asio::get_associated_executor(handler, fallback)) {
        using box_type = box<std::decay_t<Handler>, Bytes>;
        boost::asio::recycling_allocator<box_type> alloc;
        box_type* p = alloc.allocate(1);
        try {
            box_ = ::new (static_cast<void*>(p)) box_type(std::forward<Handler>(handler));
        } catch (...) {
            alloc.deallocate(p, 1);
            throw;
        }
    }

    io_handler(io_handler&& other) noexcept
        : box_(std::exchange(other.box_, nullptr)), executor_(std::move(other.executor_)) {}

    io_handler& operator=(io_handler&& other) noexcept {
        if (this != &other) {
            reset();
            box_ = std::exchange(other.box_, nullptr);
            executor_ = std::move(other.executor_);
        }
        return *this;
    }

    io_handler(const io_handler&) = delete;
    io_handler& operator=(const io_handler&) = delete;

    ~io_handler() { reset(); }

    /** Calls the boxed handler (once; the box is freed before the call). */
    void operator()(boost::system::error_code ec, std::size_t bytes = 0) {
        base* b = std::exchange(box_, nullptr);
        b->complete(ec, bytes);
    }

    /** The wrapped handler's executor; Asio runs the completion there. */
    executor_type get_executor() const noexcept { return executor_; }

  private:
    struct base {
        /** Moves the handler out, frees the box, then calls the handler. */
        virtual void complete(boost::system::error_code ec, std::size_t bytes) = 0;
        /** Frees the box without calling the handler (an operation that never completed). */
        virtual void destroy() noexcept = 0;

      protected:
        ~base() = default;
    };

    template <class Handler, bool Bytes>
    struct box final : base {
        explicit box(Handler&& h) : handler(std::move(h)) {}
        explicit box(const Handler& h) : handler(h) {}

        void complete(boost::system::error_code ec, std::size_t bytes) override {
            Handler h(std::move(handler));
            destroy();
            if constexpr (Bytes) {
                std::move(h)(ec, bytes);
            } else {
                (void)bytes;
                std::move(h)(ec);
            }
        }

        void destroy() noexcept override {
            boost::asio::recycling_allocator<box> alloc;
            this->~box();
            alloc.deallocate(this, 1);
        }

        Handler handler;
    };

    void reset() noexcept {
        if (box_ != nullptr) {
            std::exchange(box_, nullptr)->destroy();
        }
    }

    base* box_ = nullptr;
    executor_type executor_;
};

}  // namespace traffpunkt::net
