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
set ytics ("0.002" -2.6989700043360187, "0.003" -2.5228787452803374, "0.004" -2.3979400086720375, "0.005" -2.3010299956639813, "0.006" -2.221848749616356, "0.007" -2.154901959985743, "0.008" -2.0969100130080562, "0.009" -2.0457574905606752, "1e-2" -2.0, "0.02" -1.6989700043360187, "0.03" -1.5228787452803376, "0.04" -1.3979400086720375, "0.05" -1.3010299956639813, "0.06" -1.2218487496163564, "0.07" -1.154901959985743, "0.08" -1.0969100130080565, "0.09" -1.0457574905606752, "1e-1" -1.0, "0.2" -0.6989700043360187, "0.3" -0.5228787452803376, "0.4" -0.3979400086720376)
set yrange [-2.8196552928161918:-0.3559808945979035]
plot "trajectories.csv" using (strcol("method") eq "unclipped" ? column("step") : 1/0):(column("log10_error")) with linespoints lw 1.6 pt 7 ps 0.7 pi 7 lc rgb "#0072B2" title "unclipped", \
     "trajectories.csv" using (strcol("method") eq "clipped" ? column("step") : 1/0):(column("log10_error")) with linespoints lw 1.6 pt 5 ps 0.7 pi 7 lc rgb "#D55E00" title "clipped"
