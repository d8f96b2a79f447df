#include "sim/sim_main.h"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/program_options.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "base/log.h"
#include "sim/clip.h"

namespace custos::sim {

namespace {

namespace po = boost::program_options;

constexpr const char* kUsage =
    "custos sim --file CLIP [--cameras N] [--port P] [--loop] [--listen ADDR] [--user U --password P]";
constexpr const char* kDescription =
    "An RTSP server that replays CLIP (H.264 or H.265, any container ffmpeg reads) as N cameras\n"
    "rtsp://ADDR:PORT/cam1 .. camN, RTP over the RTSP connection (clients: -rtsp_transport tcp).\n"
    "It is the load generator of the recording benchmark and costs little CPU itself.";

struct CliArgs {
  SimOptions options;
  std::string log_level;
  int port = 8554;
  int stats_interval_s = 0;
  bool no_stagger = false;
};

po::options_description Describe(CliArgs& a) {
  SimOptions& o = a.options;
  static const std::string file_help = std::string("the clip to replay; ") + kMakeClipHint;
  po::options_description opts("options");
  opts.add_options()
      ("help,h", "show this help")
      ("file,f", po::value(&o.clip_path)->required(), file_help.c_str())
      ("cameras,n", po::value(&o.cameras)->default_value(1), "serve /cam1 .. /camN")
      ("port,p", po::value(&a.port)->default_value(8554), "TCP port (0: any free port)")
      ("listen", po::value(&o.listen_address)->default_value("127.0.0.1"), "address to listen on")
      ("loop", po::bool_switch(&o.loop), "replay forever (else each stream ends with the clip)")
      ("no-stagger", po::bool_switch(&a.no_stagger), "start every camera at the clip's start")
      ("tick-ms", po::value(&o.tick_ms)->default_value(20), "send what is due this often")
      ("user", po::value(&o.user), "require RTSP auth (Digest or Basic) with this user")
      ("password", po::value(&o.password), "the password for --user")
      ("stats-interval-s", po::value(&a.stats_interval_s)->default_value(0),
       "print counters to stderr this often (0: only at exit)")
      ("log-level", po::value(&a.log_level)->default_value("warn"), "trace, debug, info, warn, error, off");
  return opts;
}

// Returns -1 to go on, else the exit code.
int Parse(int argc, char** argv, CliArgs& a) {
  po::options_description opts = Describe(a);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(opts).run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: " << kUsage << "\n\n" << kDescription << "\n\n" << opts << "\n";
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "custos sim: " << e.what() << "\nusage: " << kUsage << "\n(try --help)\n";
    return 2;
  }
  if (a.port < 0 || a.port > 65535) {
    std::cerr << "custos sim: --port must be 0..65535\n";
    return 2;
  }
  a.options.port = static_cast<uint16_t>(a.port);
  a.options.stagger = !a.no_stagger;
  if (a.options.user.empty() != a.options.password.empty()) {
    std::cerr << "custos sim: give both --user and --password, or neither\n";
    return 2;
  }
  return -1;
}

void PrintStats(const SimServer& server) {
  const SimStats s = server.stats();
  std::fprintf(stderr,
               "custos sim: sessions %llu open, %llu playing, %llu accepted; sent %.1f MB, %llu RTP packets; "
               "dropped %llu packets; %llu bad requests\n",
               static_cast<unsigned long long>(s.sessions_open), static_cast<unsigned long long>(s.sessions_playing),
               static_cast<unsigned long long>(s.sessions_accepted), static_cast<double>(s.bytes_sent) / 1e6,
               static_cast<unsigned long long>(s.packets_sent), static_cast<unsigned long long>(s.packets_dropped),
               static_cast<unsigned long long>(s.bad_requests));
}

void SchedulePrint(boost::asio::steady_timer& timer, const SimServer& server, int interval_s) {
  timer.expires_after(std::chrono::seconds(interval_s));
  timer.async_wait([&timer, &server, interval_s](const boost::system::error_code& ec) {
    if (ec) return;
    PrintStats(server);
    SchedulePrint(timer, server, interval_s);
  });
}

void PrintReady(const SimServer& server, int cameras) {
  std::string line = "ready " + server.Url(1);
  if (cameras > 1) line += " .. cam" + std::to_string(cameras);
  std::cout << line << std::endl;  // flushed: scripts wait for this line
}

}  // namespace

Result<std::shared_ptr<const RtpProgram>> LoadProgram(const std::string& clip_path, const RtpProgramOptions& options) {
  Result<Clip> clip = LoadClip(clip_path);
  if (!clip) return Err(clip.error());
  Result<RtpProgram> program = RtpProgram::Build(*clip, options);
  if (!program) return Err(program.error().With("clip '" + clip_path + "'"));
  return std::make_shared<const RtpProgram>(std::move(*program));
}

Result<std::unique_ptr<SimServer>> StartSim(boost::asio::io_context& io, SimOptions options) {
  Result<std::shared_ptr<const RtpProgram>> program = LoadProgram(options.clip_path, options.rtp);
  if (!program) return Err(program.error());
  return SimServer::Start(io, options, std::move(*program));
}

int RunSim(int argc, char** argv) {
  CliArgs args;
  if (int code = Parse(argc, argv, args); code >= 0) return code;
  if (!spdlog::get("custos")) InitLogging(args.log_level);
  Result<std::shared_ptr<const RtpProgram>> program = LoadProgram(args.options.clip_path, args.options.rtp);
  if (!program) {
    std::cerr << "custos sim: " << program.error().message() << "\n";
    return 1;
  }
  const RtpProgram& p = **program;
  std::fprintf(stderr, "custos sim: %s: %s %ux%u, %.1f s, %zu RTP packets\n", args.options.clip_path.c_str(),
               std::string(VideoCodecName(p.codec())).c_str(), p.width(), p.height(),
               static_cast<double>(p.duration_90k()) / 90000.0, p.packet_count());
  boost::asio::io_context io(1);
  Result<std::unique_ptr<SimServer>> server = SimServer::Start(io, args.options, *program);
  if (!server) {
    std::cerr << "custos sim: " << server.error().message() << "\n";
    return 1;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    (*server)->Stop();
    io.stop();
  });
  boost::asio::steady_timer stats_timer(io);
  if (args.stats_interval_s > 0) SchedulePrint(stats_timer, **server, args.stats_interval_s);
  PrintReady(**server, args.options.cameras);
  io.run();
  PrintStats(**server);
  return 0;
}

}  // namespace custos::sim
