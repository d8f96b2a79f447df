// `custos sim`: the RTSP simulator (src/sim).
#include "cli/cli.h"
#include "sim/sim_main.h"

namespace custos::cli {

int Sim(int argc, char** argv) { return sim::RunSim(argc, argv); }

}  // namespace custos::cli
