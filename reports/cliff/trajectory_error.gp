# Redraws trajectory_error.svg from the CSV data alone. Run in this folder: gnuplot trajectory_error.gp
# Writes trajectory_error-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "trajectory_error-gnuplot.svg"
set title "Error along the descent paths" noenhanced
set xlabel "step" noenhanced
set ylabel "E (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("0.00316" -2.5, "1e-2" -2.0, "0.0316" -1.5, "1e-1" -1.0, "0.316" -0.5)
set yrange [-2.8196552928161918:-0.3559808945979035]
plot "trajectories.csv" using (strcol("method") eq "unclipped" ? column("step") : 1/0):(column("log10_error")) with lines lw 1.6 lc rgb "#0072B2" title "unclipped", \
     "trajectories.csv" using (strcol("method") eq "clipped" ? column("step") : 1/0):(column("log10_error")) with lines lw 1.6 lc rgb "#D55E00" title "clipped"
