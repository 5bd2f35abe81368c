#include "fleet.hpp"

namespace traffpunkt::loadgen {

namespace net = boost::asio;

fleet::fleet(net::io_context& ioc, settings config) : ioc_(ioc), settings_(std::move(config)) {}

void fleet::open_until(int total, std::function<void()> done) {
    target_ = total;
    done_ = std::move(done);
    start_more();
    if (in_flight_ == 0 && done_) {
        net::post(ioc_, std::exchange(done_, nullptr));
    }
}

void fleet::start_more() {
    while (in_flight_ < settings_.open_concurrency && static_cast<int>(devices_.size()) < target_) {
        const int index = static_cast<int>(devices_.size());
        device::settings config;
        config.server = settings_.server;
        // 127.0.0.1, 127.0.0.2, ...: all of 127.0.0.0/8 is loopback on Linux.
        config.source =
            net::ip::address_v4(0x7F000001U + static_cast<unsigned>(index % settings_.sources));
        config.join_code = settings_.join_code;
        config.meeting_id = settings_.meeting_id;
        devices_.push_back(std::make_unique<device>(ioc_, std::move(config), *this, index));
        was_ready_.push_back(false);
        ++in_flight_;
        devices_.back()->start();
    }
}

void fleet::settle_one() {
    --in_flight_;
    start_more();
    if (in_flight_ == 0 && static_cast<int>(devices_.size()) >= target_ && done_) {
        std::exchange(done_, nullptr)();
    }
}

void fleet::on_ready(device& d) {
    ready_.push_back(&d);
    was_ready_[static_cast<std::size_t>(d.index())] = true;
    settle_one();
}

void fleet::on_failed(device& d, const std::string& why) {
    ++failures_[why];
    if (was_ready_[static_cast<std::size_t>(d.index())]) {
        ++dropped_;
        return;
    }
    ++failed_;
    settle_one();
}

void fleet::on_frame(device& d, const frame_summary& frame, std::int64_t now_us) {
    if (on_frame_) {
        on_frame_(d, frame, now_us);
    }
}

}  // namespace traffpunkt::loadgen
