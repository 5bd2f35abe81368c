#include "traffpunkt/domain/poll_tally.hpp"

#include <algorithm>
#include <optional>

#include "traffpunkt/domain/swedish_order.hpp"
#include "traffpunkt/domain/word_cloud.hpp"

namespace traffpunkt::domain {

poll_tally::poll_tally(const poll& p) : kind_(p.kind), pb_ballot_(p.pb_ballot) {
    if (kind_ == poll_kind::pb) {
        for (const auto& pr : p.projects) {
            ids_.push_back(pr.project_id);
        }
    } else {
        for (const auto& o : p.options) {
            ids_.push_back(o.option_id);
        }
    }
    for (std::size_t i = 0; i < ids_.size(); ++i) {
        index_.emplace(ids_[i], i);
    }
    counts_.assign(ids_.size(), 0);
    if (kind_ == poll_kind::ranking) {
        first_preferences_.assign(ids_.size(), 0);
    }
    if (kind_ == poll_kind::scale) {
        scale_counts_.assign(static_cast<std::size_t>(std::max(p.scale_max, 0)), 0);
    }
}

void poll_tally::add(const ballot& b) {
    apply(b, 1);
}

void poll_tally::remove(const ballot& b) {
    apply(b, -1);
}

void poll_tally::bump(std::int64_t& counter, std::int64_t delta) {
    counter = std::max<std::int64_t>(counter + delta, 0);
}

template <class Map, class Key>
void poll_tally::bump(Map& map, const Key& key, std::int64_t delta) {
    if (delta > 0) {
        map[key] += delta;
        return;
    }
    const auto it = map.find(key);
    if (it == map.end()) {
        return;
    }
    it->second += delta;
    if (it->second <= 0) {
        map.erase(it);
    }
}

void poll_tally::apply(const ballot& b, std::int64_t delta) {
    bump(ballots_, delta);
    // Ids the poll does not know are skipped: validate_ballot keeps them out, and a tally must
    // not index out of range because of a caller's slip.
    const auto position = [&](id i) -> std::optional<std::size_t> {
        const auto it = index_.find(i);
        return it == index_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    };
    switch (kind_) {
        case poll_kind::single:
        case poll_kind::multiple:
        case poll_kind::approval:
            for (const auto choice : b.choices) {
                if (const auto at = position(choice)) {
                    bump(counts_[*at], delta);
                }
            }
            break;
        case poll_kind::ranking: {
            const auto n = static_cast<std::int64_t>(ids_.size());
            for (std::size_t place = 0; place < b.choices.size(); ++place) {
                const auto at = position(b.choices[place]);
                if (!at) {
                    continue;
                }
                const auto points =
                    std::max<std::int64_t>(n - 1 - static_cast<std::int64_t>(place), 0);
                bump(counts_[*at], delta * points);
                if (place == 0) {
                    bump(first_preferences_[*at], delta);
                }
            }
            break;
        }
        case poll_kind::scale:
            if (b.value >= 1 && static_cast<std::size_t>(b.value) <= scale_counts_.size()) {
                bump(scale_counts_[static_cast<std::size_t>(b.value - 1)], delta);
                bump(scale_sum_, delta * b.value);
            }
            break;
        case poll_kind::text:
            for (const auto& word : cloud_words(b.text)) {
                bump(words_, word, delta);
            }
            break;
        case poll_kind::pb: {
            pb_ballot_key key;
            if (pb_ballot_ == pb_ballot_kind::points) {
                for (const auto& [project, points] : b.points) {
                    if (const auto at = position(project)) {
                        bump(counts_[*at], delta * points);
                        key.emplace_back(project, points);
                    }
                }
            } else {
                for (const auto project : b.choices) {
                    if (const auto at = position(project)) {
                        bump(counts_[*at], delta);
                        key.emplace_back(project, 1);
                    }
                }
            }
            // The same ballot in another order is the same ballot to the PB rules.
            std::sort(key.begin(), key.end());
            bump(profile_, key, delta);
            break;
        }
    }
}

poll_results poll_tally::results() const {
    poll_results r;
    r.kind = kind_;
    r.ballots = ballots_;
    switch (kind_) {
        case poll_kind::single:
        case poll_kind::multiple:
        case poll_kind::approval:
            for (std::size_t i = 0; i < ids_.size(); ++i) {
                r.options.push_back({ids_[i], counts_[i]});
            }
            break;
        case poll_kind::ranking: {
            for (std::size_t i = 0; i < ids_.size(); ++i) {
                r.ranking.push_back({ids_[i], counts_[i], first_preferences_[i], 0});
            }
            std::sort(r.ranking.begin(), r.ranking.end(),
                      [](const ranking_row& a, const ranking_row& b) {
                          return a.borda != b.borda ? a.borda > b.borda : a.option_id < b.option_id;
                      });
            // Standard competition ranking: a row's rank is 1 + the rows with a higher score.
            for (std::size_t i = 0; i < r.ranking.size(); ++i) {
                r.ranking[i].rank = i > 0 && r.ranking[i].borda == r.ranking[i - 1].borda
                                        ? r.ranking[i - 1].rank
                                        : static_cast<int>(i) + 1;
            }
            break;
        }
        case poll_kind::scale:
            r.scale_counts = scale_counts_;
            r.scale_sum = scale_sum_;
            break;
        case poll_kind::text: {
            r.words.reserve(words_.size());
            for (const auto& [word, count] : words_) {
                r.words.push_back({word, count});
            }
            const auto shown = std::min(r.words.size(), limits::word_cloud_max);
            std::partial_sort(r.words.begin(), r.words.begin() + static_cast<std::ptrdiff_t>(shown),
                              r.words.end(), [](const word_count& a, const word_count& b) {
                                  return a.count != b.count ? a.count > b.count
                                                            : compare_swedish(a.word, b.word) < 0;
                              });
            r.words.resize(shown);
            break;
        }
        case poll_kind::pb:
            for (std::size_t i = 0; i < ids_.size(); ++i) {
                r.projects.push_back({ids_[i], counts_[i]});
            }
            break;
    }
    return r;
}

}  // namespace traffpunkt::domain
