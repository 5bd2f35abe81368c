#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "device.hpp"

namespace traffpunkt::loadgen {

/**
 * Every device of a run: opens them with a bounded number of setups in flight (so the
 * server's accept queue is not flooded and connect times stay meaningful), spreads them over
 * source addresses, keeps count of the ready and the failed, and hands each frame of a ready
 * device to the scenario.
 */
class fleet : public device_observer {
  public:
    using frame_handler = std::function<void(device&, const frame_summary&, std::int64_t now_us)>;

    struct settings {
        boost::asio::ip::tcp::endpoint server;
        int sources = 8;
        int open_concurrency = 200;
        std::string join_code;
        std::int64_t meeting_id = 0;
    };

    fleet(boost::asio::io_context& ioc, settings config);

    /** Opens devices until `total` have been started; `done` runs when all have settled. */
    void open_until(int total, std::function<void()> done);

    void on_frame_received(frame_handler handler) { on_frame_ = std::move(handler); }

    /** Ready devices, in the order they became ready. */
    const std::vector<device*>& ready_devices() const { return ready_; }
    int failed() const { return failed_; }
    /** Devices that were ready and dropped later (the server closed them, ...). */
    int dropped() const { return dropped_; }
    /** Failure messages by text, for the report. */
    const std::map<std::string, int>& failures() const { return failures_; }

    void on_ready(device& d) override;
    void on_failed(device& d, const std::string& why) override;
    void on_frame(device& d, const frame_summary& frame, std::int64_t now_us) override;

  private:
    void start_more();
    void settle_one();

    boost::asio::io_context& ioc_;
    settings settings_;
    std::vector<std::unique_ptr<device>> devices_;
    std::vector<device*> ready_;
    std::vector<bool> was_ready_;
    std::map<std::string, int> failures_;
    frame_handler on_frame_;
    std::function<void()> done_;
    int target_ = 0;
    int in_flight_ = 0;
    int failed_ = 0;
    int dropped_ = 0;
};

}  // namespace traffpunkt::loadgen
