#include "scenarios.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fleet.hpp"
#include "histogram.hpp"
#include "proc_stats.hpp"
#include "setup_client.hpp"

namespace traffpunkt::loadgen {

namespace net = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

// Request ids of votes start here, above the devices' setup ids.
constexpr std::int64_t first_vote_id = 1000;

double seconds_between(std::int64_t from_us, std::int64_t to_us) {
    return static_cast<double>(to_us - from_us) / 1e6;
}

double round3(double value) {
    return std::round(value * 1000.0) / 1000.0;
}

std::string vote_frame(std::int64_t id, std::int64_t poll_id, int option) {
    // Built by hand: this is the hot path of the load generator, and the frame is fixed.
    return R"({"id":)" + std::to_string(id) + R"(,"op":"poll.vote","idem":"v-)" +
           std::to_string(id) + R"(","args":{"poll_id":)" + std::to_string(poll_id) +
           R"(,"ballot":{"option":)" + std::to_string(option) + "}}}";
}

/** What every scenario shares: the io_context, the poll, the fleet, the deadline, /proc. */
class run_base {
  public:
    explicit run_base(const options& opts) : opts_(opts), deadline_(ioc_) {}
    virtual ~run_base() = default;

    json::object run() {
        started_us_ = now_us();
        prepare();
        deadline_.expires_after(opts_.timeout);
        deadline_.async_wait([this](boost::system::error_code ec) {
            if (!ec) {
                timed_out_ = true;
                ioc_.stop();
            }
        });
        begin();
        ioc_.run();
        json::object report{{"scenario", name()}, {"server", opts_.label}};
        fill(report);
        report["timed_out"] = timed_out_;
        report["wall_s"] = round3(seconds_between(started_us_, now_us()));
        if (const auto self = read_self()) {
            report["loadgen_cpu_s"] = round3(self->cpu_s);
            report["loadgen_rss_peak_kib"] = self->rss_peak_kib;
            report["loadgen_run_delay_s"] = round3(self->run_delay_s);
        }
        return report;
    }

  protected:
    virtual const char* name() const = 0;
    /** Blocking setup before the io_context runs. */
    virtual void prepare() {}
    /** Starts the asynchronous part. */
    virtual void begin() = 0;
    virtual void fill(json::object& report) = 0;

    /** Uses the given poll, or creates one as a coordinator would. */
    bench_poll obtain_poll(bool anonymous) {
        if (opts_.poll_id) {
            return {*opts_.meeting_id, *opts_.poll_id, *opts_.join_code};
        }
        setup_client coordinator(opts_.host, opts_.port, *opts_.token);
        return create_bench_poll(coordinator, anonymous);
    }

    void make_fleet(const bench_poll& poll) {
        fleet::settings config;
        config.server = net::ip::tcp::endpoint(net::ip::make_address(opts_.host), opts_.port);
        config.sources = opts_.sources;
        config.open_concurrency = opts_.open_concurrency;
        config.join_code = poll.join_code;
        config.meeting_id = poll.meeting_id;
        fleet_ = std::make_unique<fleet>(ioc_, std::move(config));
    }

    std::optional<proc_sample> server_sample() const {
        return opts_.server_pid ? read_proc(*opts_.server_pid) : std::nullopt;
    }

    void finish() {
        deadline_.cancel();
        ioc_.stop();
    }

    void fill_fleet(json::object& report) const {
        report["connections"] = static_cast<std::int64_t>(fleet_->ready_devices().size());
        report["connect_failures"] = fleet_->failed();
        report["dropped"] = fleet_->dropped();
        json::object failures;
        for (const auto& [why, count] : fleet_->failures()) {
            failures[why] = count;
        }
        report["failures"] = std::move(failures);
    }

    const options& opts_;
    net::io_context ioc_{1};
    net::steady_timer deadline_;
    std::unique_ptr<fleet> fleet_;
    std::int64_t started_us_ = 0;
    bool timed_out_ = false;
};

/**
 * Live-poll fan-out: voters vote once each, at a steady rate, while every device receives the
 * coalesced tallies. Vote ack latency: send to answer. Tally delivery latency: a tally that
 * counts B ballots is compared with the send time of the B-th vote of the run; the count can
 * only reach B once B votes were sent, so this is how long after the B-th vote a device saw a
 * count that includes as many votes (staleness of what a screen shows).
 */
class fanout_run : public run_base {
  public:
    using run_base::run_base;

  protected:
    const char* name() const override { return "fanout"; }

    void prepare() override {
        poll_ = obtain_poll(true);
        make_fleet(poll_);
        fleet_->on_frame_received(
            [this](device&, const frame_summary& f, std::int64_t t) { on_frame(f, t); });
    }

    void begin() override {
        const auto setup_start = now_us();
        fleet_->open_until(opts_.connections, [this, setup_start] {
            setup_s_ = seconds_between(setup_start, now_us());
            // Let the connection burst's tail settle before measuring.
            pause_.expires_after(1s);
            pause_.async_wait([this](boost::system::error_code ec) {
                if (!ec) {
                    start_votes();
                }
            });
        });
    }

    void start_votes() {
        voters_ = fleet_->ready_devices();
        voters_.resize(
            std::min<std::size_t>(voters_.size(), static_cast<std::size_t>(opts_.voters)));
        // Each device votes once: the phase ends when they all have, or at --duration.
        sent_us_.reserve(voters_.size());
        before_ = server_sample();
        self_before_ = read_self();
        window_start_ = now_us();
        counting_ = true;
        tick();
    }

    void tick() {
        const auto now = now_us();
        const double elapsed = seconds_between(window_start_, now);
        // Votes due by now, up to the end of the phase (a late last tick still sends them).
        const double phase_s = static_cast<double>(opts_.duration.count()) / 1000.0;
        const bool over = elapsed >= phase_s;
        const auto due = std::min<std::size_t>(
            voters_.size(), static_cast<std::size_t>(std::min(elapsed, phase_s) * opts_.rate));
        while (sent_us_.size() < due) {
            const std::size_t k = sent_us_.size();
            device* d = voters_[k];
            sent_us_.push_back(now_us());
            if (d->ready()) {
                d->send(vote_frame(first_vote_id + static_cast<std::int64_t>(k), poll_.poll_id,
                                   1 + static_cast<int>(k % 4)));
            } else {
                ++vote_errors_["device gone before its vote"];
            }
        }
        if (over || sent_us_.size() >= voters_.size()) {
            votes_end_ = now;
            pause_.expires_after(opts_.drain);
            pause_.async_wait([this](boost::system::error_code ec) {
                if (!ec) {
                    end_window();
                }
            });
            return;
        }
        pause_.expires_after(2ms);
        pause_.async_wait([this](boost::system::error_code ec) {
            if (!ec) {
                tick();
            }
        });
    }

    void end_window() {
        counting_ = false;
        after_ = server_sample();
        self_after_ = read_self();
        window_end_ = now_us();
        finish();
    }

    void on_frame(const frame_summary& f, std::int64_t t) {
        if (!counting_) {
            return;
        }
        ++frames_;
        if (f.what == frame_summary::kind::answer && f.re && *f.re >= first_vote_id) {
            const auto k = static_cast<std::size_t>(*f.re - first_vote_id);
            if (k < sent_us_.size()) {
                ack_.record(t - sent_us_[k]);
                if (f.ok) {
                    ++acked_;
                } else {
                    ++vote_errors_[std::string(f.error_code)];
                }
            }
        } else if (f.what == frame_summary::kind::tally) {
            ++tallies_;
            if (f.ballots >= 1 && static_cast<std::size_t>(f.ballots) <= sent_us_.size()) {
                tally_.record(t - sent_us_[static_cast<std::size_t>(f.ballots - 1)]);
            } else {
                ++tallies_unmatched_;
            }
        }
    }

    void fill(json::object& report) override {
        fill_fleet(report);
        report["setup_s"] = round3(setup_s_);
        report["voters"] = static_cast<std::int64_t>(voters_.size());
        report["rate_per_s"] = opts_.rate;
        report["votes_sent"] = static_cast<std::int64_t>(sent_us_.size());
        report["votes_acked"] = acked_;
        const double vote_s = seconds_between(window_start_, votes_end_);
        report["vote_phase_s"] = round3(vote_s);
        report["votes_sent_per_s"] =
            vote_s > 0 ? round3(static_cast<double>(sent_us_.size()) / vote_s) : 0.0;
        json::object errors;
        for (const auto& [code, count] : vote_errors_) {
            errors[code] = count;
        }
        report["vote_errors"] = std::move(errors);
        report["vote_ack_ms"] = ack_.to_json();
        report["tally_delivery_ms"] = tally_.to_json();
        report["tallies_received"] = tallies_;
        report["tallies_unmatched"] = tallies_unmatched_;
        report["messages_received"] = frames_;
        const double window_s = seconds_between(window_start_, window_end_);
        report["window_s"] = round3(window_s);
        if (before_ && after_) {
            const double cpu = after_->cpu_s - before_->cpu_s;
            report["server_cpu_s"] = round3(cpu);
            report["server_cpu_share"] = window_s > 0 ? round3(cpu / window_s) : 0.0;
            report["server_run_delay_s"] = round3(after_->run_delay_s - before_->run_delay_s);
            report["messages_per_server_cpu_s"] =
                cpu > 0 ? std::round(static_cast<double>(frames_) / cpu) : 0.0;
            report["server_rss_kib"] = after_->rss_kib;
            report["server_rss_peak_kib"] = after_->rss_peak_kib;
        }
        // The load generator reads every frame on one thread: when it is busy (or waits for
        // its core) for most of the window, frames wait in its socket buffers and the
        // latencies above include that wait.
        if (self_before_ && self_after_ && window_s > 0) {
            report["loadgen_window_cpu_share"] =
                round3((self_after_->cpu_s - self_before_->cpu_s) / window_s);
            report["loadgen_window_run_delay_s"] =
                round3(self_after_->run_delay_s - self_before_->run_delay_s);
        }
    }

  private:
    bench_poll poll_;
    net::steady_timer pause_{ioc_};
    std::vector<device*> voters_;
    std::vector<std::int64_t> sent_us_;
    histogram ack_;
    histogram tally_;
    std::map<std::string, std::int64_t> vote_errors_;
    std::optional<proc_sample> before_;
    std::optional<proc_sample> after_;
    std::optional<proc_sample> self_before_;
    std::optional<proc_sample> self_after_;
    std::int64_t window_start_ = 0;
    std::int64_t window_end_ = 0;
    std::int64_t votes_end_ = 0;
    std::int64_t acked_ = 0;
    std::int64_t frames_ = 0;
    std::int64_t tallies_ = 0;
    std::int64_t tallies_unmatched_ = 0;
    double setup_s_ = 0;
    bool counting_ = false;
};

/** Idle memory: the server's RSS after each step of connected, subscribed, silent devices. */
class idle_run : public run_base {
  public:
    using run_base::run_base;

  protected:
    const char* name() const override { return "idle"; }

    void prepare() override {
        make_fleet(obtain_poll(true));
        baseline_ = server_sample();
    }

    void begin() override { next_step(); }

    void next_step() {
        if (step_ == opts_.steps.size()) {
            return finish();
        }
        const int target = opts_.steps[step_];
        fleet_->open_until(target, [this, target] {
            pause_.expires_after(opts_.settle);
            pause_.async_wait([this, target](boost::system::error_code ec) {
                if (ec) {
                    return;
                }
                json::object row{
                    {"target", target},
                    {"connections", static_cast<std::int64_t>(fleet_->ready_devices().size()) -
                                        fleet_->dropped()}};
                if (const auto s = server_sample()) {
                    row["server_rss_kib"] = s->rss_kib;
                    if (baseline_) {
                        const auto n = row["connections"].as_int64();
                        row["kib_per_connection"] =
                            n > 0 ? round3(static_cast<double>(s->rss_kib - baseline_->rss_kib) /
                                           static_cast<double>(n))
                                  : 0.0;
                    }
                    if (!rows_.empty()) {
                        const auto& prev = rows_.back().as_object();
                        const auto dn =
                            row["connections"].as_int64() - prev.at("connections").as_int64();
                        row["kib_per_connection_marginal"] =
                            dn > 0 ? round3(static_cast<double>(
                                                s->rss_kib - prev.at("server_rss_kib").as_int64()) /
                                            static_cast<double>(dn))
                                   : 0.0;
                    }
                }
                rows_.push_back(std::move(row));
                ++step_;
                next_step();
            });
        });
    }

    void fill(json::object& report) override {
        fill_fleet(report);
        if (baseline_) {
            report["baseline_rss_kib"] = baseline_->rss_kib;
        }
        report["steps"] = std::move(rows_);
        if (const auto s = server_sample()) {
            report["server_rss_peak_kib"] = s->rss_peak_kib;
        }
    }

  private:
    net::steady_timer pause_{ioc_};
    std::optional<proc_sample> baseline_;
    json::array rows_;
    std::size_t step_ = 0;
};

/**
 * Durable writes: each voter keeps one vote in flight in a named poll, changing its ballot
 * each time (every vote is a committed write), for --duration. Reports acknowledged votes per
 * second; whether commits are grouped is the server's configuration, not ours.
 */
class writes_run : public run_base {
  public:
    using run_base::run_base;

  protected:
    const char* name() const override { return "writes"; }

    void prepare() override {
        poll_ = obtain_poll(false);
        make_fleet(poll_);
        fleet_->on_frame_received(
            [this](device& d, const frame_summary& f, std::int64_t t) { on_frame(d, f, t); });
    }

    void begin() override {
        fleet_->open_until(opts_.voters, [this] {
            before_ = server_sample();
            window_start_ = now_us();
            window_end_ = window_start_ + opts_.duration.count() * 1000;
            for (device* d : fleet_->ready_devices()) {
                vote(*d);
            }
            pause_.expires_after(opts_.duration);
            pause_.async_wait([this](boost::system::error_code ec) {
                if (!ec) {
                    after_ = server_sample();
                    // Answers still in flight are not counted; give them a moment, then stop.
                    pause_.expires_after(opts_.drain);
                    pause_.async_wait([this](boost::system::error_code e) {
                        if (!e) {
                            finish();
                        }
                    });
                }
            });
        });
    }

    void vote(device& d) {
        const std::int64_t id = next_id_++;
        sent_us_[id] = now_us();
        d.send(vote_frame(id, poll_.poll_id, 1 + static_cast<int>(id % 2)));
    }

    void on_frame(device& d, const frame_summary& f, std::int64_t t) {
        if (f.what != frame_summary::kind::answer || !f.re) {
            return;
        }
        const auto it = sent_us_.find(*f.re);
        if (it == sent_us_.end()) {
            return;
        }
        if (t <= window_end_) {
            ack_.record(t - it->second);
            if (f.ok) {
                ++acked_;
            } else {
                ++errors_[std::string(f.error_code)];
            }
        }
        sent_us_.erase(it);
        if (t < window_end_ && d.ready()) {
            vote(d);
        }
    }

    void fill(json::object& report) override {
        fill_fleet(report);
        report["voters"] = static_cast<std::int64_t>(fleet_->ready_devices().size());
        report["votes_acked"] = acked_;
        const double window_s = static_cast<double>(opts_.duration.count()) / 1000.0;
        report["window_s"] = window_s;
        report["acked_per_s"] = round3(static_cast<double>(acked_) / window_s);
        json::object errors;
        for (const auto& [code, count] : errors_) {
            errors[code] = count;
        }
        report["vote_errors"] = std::move(errors);
        report["vote_ack_ms"] = ack_.to_json();
        if (before_ && after_) {
            report["server_cpu_s"] = round3(after_->cpu_s - before_->cpu_s);
            report["server_run_delay_s"] = round3(after_->run_delay_s - before_->run_delay_s);
        }
    }

  private:
    bench_poll poll_;
    net::steady_timer pause_{ioc_};
    std::map<std::int64_t, std::int64_t> sent_us_;
    histogram ack_;
    std::map<std::string, std::int64_t> errors_;
    std::optional<proc_sample> before_;
    std::optional<proc_sample> after_;
    std::int64_t next_id_ = first_vote_id;
    std::int64_t window_start_ = 0;
    std::int64_t window_end_ = 0;
    std::int64_t acked_ = 0;
};

json::object run_calendar_setup(const options& opts) {
    const auto started = now_us();
    setup_client coordinator(opts.host, opts.port, *opts.token);
    const auto network_id = create_calendar_network(coordinator, opts.meetings);
    return {{"scenario", "calendar-setup"},
            {"network_id", network_id},
            {"meetings", opts.meetings},
            {"wall_s", round3(seconds_between(started, now_us()))}};
}

}  // namespace

json::object run_scenario(const options& opts) {
    switch (opts.scenario) {
        case scenario_kind::fanout:
            return fanout_run(opts).run();
        case scenario_kind::idle:
            return idle_run(opts).run();
        case scenario_kind::writes:
            return writes_run(opts).run();
        case scenario_kind::calendar_setup:
            return run_calendar_setup(opts);
    }
    return {};
}

}  // namespace traffpunkt::loadgen
