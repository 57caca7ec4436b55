# Redraws error_surface.svg from the CSV data alone. Run in this folder: gnuplot error_surface.gp
# Writes error_surface-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "error_surface-gnuplot.svg"
set title "Error surface log10 E(w, b) and descent paths" noenhanced
set xlabel "w" noenhanced
set ylabel "b" noenhanced
set key outside right top noenhanced
set grid
set ytics ("-5" -5.0, "-4" -4.0, "-3" -3.0, "-2" -2.0, "-1" -1.0, "0" 0.0)
set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', 1 '#fde725')
set cblabel "log10 E" noenhanced
set xrange [2.0:8.0]
set yrange [-5.0:0.0]
plot "error_surface.csv" using (column("w")):(column("b")):(column("log10_error")) with image notitle, \
     "trajectories.csv" using (strcol("method") eq "unclipped" ? column("w") : 1/0):(column("b")) with linespoints lw 1.6 pt 7 ps 0.7 pi 7 lc rgb "#ff2a2a" title "unclipped", \
     "trajectories.csv" using (strcol("method") eq "clipped" ? column("w") : 1/0):(column("b")) with linespoints lw 1.6 pt 5 ps 0.7 pi 7 lc rgb "#111111" title "clipped"
