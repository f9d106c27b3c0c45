// The local-search baseline's model on Timefold Solver's Java API (see bench/baseline_timefold.py,
// which writes the problem, compiles this file against the solver's jars and reads the answer).
//
//   java -cp <jars>:<classes> RotaSolver <problem file> <milliseconds left> <seed>
//
// Problem lines (minutes count from the grid's start):
//   C id minutes nights                       a weekly cap of one agent
//   W id agent first last allowed             N+1 days in a row: at most `allowed` worked
//   N id requirement start end headcount weight
//   S id offset minutes duty night            a shift pattern (local start, length, duty bit)
//   D id agent day cap midnight clockAt clockBy rest counted start,start,...
// Answer lines on stdout: "score <hard> <soft>", then "<day id> <start id>" per shift.

import java.io.BufferedReader;
import java.io.FileReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;
import ai.timefold.solver.core.api.score.buildin.hardsoft.HardSoftScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintCollectors;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.Joiners;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;

public class RotaSolver {

    /** What one agent may still work in one local ISO week. */
    public static class Cap {
        @PlanningId public Integer id;
        public int minutes;
        public int nights;

        Cap(long[] v) {
            id = (int) v[1];
            minutes = (int) v[2];
            nights = (int) v[3];
        }
    }

    /** N+1 local days in a row of one agent: at most `allowed` of them may be worked. */
    public static class Window {
        @PlanningId public Integer id;
        public int agent;
        public int first;
        public int last;
        public int allowed;

        Window(long[] v) {
            id = (int) v[1];
            agent = (int) v[2];
            first = (int) v[3];
            last = (int) v[4];
            allowed = (int) v[5];
        }
    }

    /** The headcount one requirement asks for in one slot, and its priority weight. */
    public static class Need {
        @PlanningId public Integer id;
        public int requirement;
        public int start;
        public int end;
        public int headcount;
        public int weight;

        Need(long[] v) {
            id = (int) v[1];
            requirement = (int) v[2];
            start = (int) v[3];
            end = (int) v[4];
            headcount = (int) v[5];
            weight = (int) v[6];
        }
    }

    /** A shift pattern: local start (minutes after midnight), length, duty bit, night or not. */
    public static class Start {
        @PlanningId public Integer id;
        public int offset;
        public int minutes;
        public long duty;
        public boolean night;

        Start(long[] v) {
            id = (int) v[1];
            offset = (int) v[2];
            minutes = (int) v[3];
            duty = v[4];
            night = v[5] == 1;
        }
    }

    /** One agent's local day; `shift` is the shift worked that day, or null (a day off). */
    @PlanningEntity
    public static class AgentDay {
        @PlanningId public Integer id;
        public int agent;
        public int day;
        public Cap cap;
        public int midnight;
        public int clockAt;
        public int clockBy;
        public int rest;
        public long counted;
        @ValueRangeProvider(id = "starts")
        public List<Start> starts = new ArrayList<>();
        @PlanningVariable(valueRangeProviderRefs = "starts", allowsUnassigned = true)
        public Start shift;

        public int begin() {
            int offset = shift.offset;
            return midnight + offset - (offset >= clockAt ? clockBy : 0);
        }

        public int end() {
            return begin() + shift.minutes;
        }
    }

    @PlanningSolution
    public static class Rota {
        @ProblemFactCollectionProperty public List<Cap> caps = new ArrayList<>();
        @ProblemFactCollectionProperty public List<Window> windows = new ArrayList<>();
        @ProblemFactCollectionProperty public List<Need> needs = new ArrayList<>();
        @ProblemFactCollectionProperty public List<Start> patterns = new ArrayList<>();
        @PlanningEntityCollectionProperty public List<AgentDay> days = new ArrayList<>();
        @PlanningScore public HardSoftScore score;
    }

    public static class Rules implements ConstraintProvider {
        @Override
        public Constraint[] defineConstraints(ConstraintFactory factory) {
            return new Constraint[] {
                factory.forEachUniquePair(AgentDay.class,
                        Joiners.equal(a -> a.agent),
                        Joiners.overlapping(a -> a.begin(), a -> a.end() + a.rest))
                    .penalize(HardSoftScore.ONE_HARD).asConstraint("min rest"),
                factory.forEach(AgentDay.class)
                    .groupBy(a -> a.cap, ConstraintCollectors.sum(a -> a.shift.minutes))
                    .filter((cap, minutes) -> minutes > cap.minutes)
                    .penalize(HardSoftScore.ONE_HARD, (cap, minutes) -> minutes - cap.minutes)
                    .asConstraint("max hours per week"),
                factory.forEach(AgentDay.class).filter(a -> a.shift.night)
                    .groupBy(a -> a.cap, ConstraintCollectors.count())
                    .filter((cap, nights) -> nights > cap.nights)
                    .penalize(HardSoftScore.ONE_HARD, (cap, nights) -> nights - cap.nights)
                    .asConstraint("max nights per week"),
                factory.forEach(Window.class)
                    .join(AgentDay.class, Joiners.equal(w -> w.agent, a -> a.agent),
                          Joiners.lessThanOrEqual(w -> w.first, a -> a.day),
                          Joiners.greaterThanOrEqual(w -> w.last, a -> a.day))
                    .groupBy((w, a) -> w, ConstraintCollectors.countBi())
                    .filter((w, worked) -> worked > w.allowed)
                    .penalize(HardSoftScore.ONE_HARD, (w, worked) -> worked - w.allowed)
                    .asConstraint("max consecutive days"),
                factory.forEach(AgentDay.class)
                    .join(Need.class, Joiners.lessThanOrEqual(a -> a.begin(), n -> n.start),
                          Joiners.greaterThanOrEqual(a -> a.end(), n -> n.end))
                    .filter((a, n) -> (((a.counted | a.shift.duty) >>> n.requirement) & 1L) == 1L)
                    .groupBy((a, n) -> n, ConstraintCollectors.countBi())
                    .reward(HardSoftScore.ONE_SOFT,
                            (n, people) -> Math.min(people, n.headcount) * n.weight)
                    .asConstraint("demand met"),
            };
        }
    }

    /** The numbers of a line after its kind, but for a day line's last field (its starts). */
    static long[] numbers(String[] fields) {
        int count = fields[0].equals("D") ? fields.length - 1 : fields.length;
        long[] v = new long[count];
        for (int i = 1; i < count; i++) {
            v[i] = Long.parseLong(fields[i]);
        }
        return v;
    }

    static Rota read(String path) throws IOException {
        Rota rota = new Rota();
        Map<Integer, Cap> caps = new HashMap<>();
        Map<Integer, Start> patterns = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new FileReader(path))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(" ");
                long[] v = numbers(f);
                switch (f[0]) {
                    case "C" -> {
                        Cap c = new Cap(v);
                        caps.put(c.id, c);
                        rota.caps.add(c);
                    }
                    case "W" -> rota.windows.add(new Window(v));
                    case "N" -> rota.needs.add(new Need(v));
                    case "S" -> {
                        Start s = new Start(v);
                        patterns.put(s.id, s);
                        rota.patterns.add(s);
                    }
                    case "D" -> {
                        AgentDay d = new AgentDay();
                        d.id = (int) v[1];
                        d.agent = (int) v[2];
                        d.day = (int) v[3];
                        d.cap = caps.get((int) v[4]);
                        d.midnight = (int) v[5];
                        d.clockAt = (int) v[6];
                        d.clockBy = (int) v[7];
                        d.rest = (int) v[8];
                        d.counted = v[9];
                        for (String s : f[10].split(",")) {
                            d.starts.add(patterns.get(Integer.parseInt(s)));
                        }
                        rota.days.add(d);
                    }
                    default -> throw new IOException("unknown line: " + line);
                }
            }
        }
        return rota;
    }

    public static void main(String[] args) throws Exception {
        long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000L;
        Rota problem = read(args[0]);
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
            System.out.println("score none");
            return;
        }
        SolverConfig config = new SolverConfig()
                .withSolutionClass(Rota.class)
                .withEntityClasses(AgentDay.class)
                .withConstraintProviderClass(Rules.class)
                .withEnvironmentMode(EnvironmentMode.NON_REPRODUCIBLE)
                .withRandomSeed(Long.parseLong(args[2]))
                .withTerminationSpentLimit(Duration.ofMillis(left));
        Solver<Rota> solver = SolverFactory.<Rota>create(config).buildSolver();
        Thread watchdog = new Thread(() -> {  // the spent limit counts from the search's start
            try {
                Thread.sleep(Math.max(0, (deadline - System.nanoTime()) / 1_000_000L));
                solver.terminateEarly();
            } catch (InterruptedException stopped) {
                // the search ended first
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        Rota best = solver.solve(problem);
        watchdog.interrupt();
        StringBuilder out = new StringBuilder();
        out.append("score ").append(best.score == null ? "none" : best.score.hardScore() + " "
                + best.score.softScore()).append('\n');
        for (AgentDay d : best.days) {
            if (d.shift != null) {
                out.append(d.id).append(' ').append(d.shift.id).append('\n');
            }
        }
        System.out.print(out);
        System.out.flush();
    }
}
