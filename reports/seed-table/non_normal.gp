# Redraws non_normal.svg from the CSV data alone. Run in this folder: gnuplot non_normal.gp
# Writes non_normal-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "non_normal-gnuplot.svg"
set title "Non-normal W_hh = s·I + c·N: transient growth, then decay (σ_max^lag is off the scale)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "ratio to the last step (log scale)" noenhanced
set key below left noenhanced
set grid
set ytics ("1e-5" -5.0, "1e0" 0.0, "1e5" 5.0, "1e10" 10.0, "1e15" 15.0)
set yrange [-9.430028114805761:19.151140880368356]
plot "gradient_norms.csv" using (strcol("scale") eq "0.95" && strcol("coupling") eq "0.9" ? column("lag") : 1/0):(log10(column("ratio_to_last"))) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#0072B2" title "measured, s = 0.95, c = 0.9", \
     "gradient_norms.csv" using (strcol("scale") eq "0.95" && strcol("coupling") eq "0.9" ? column("lag") : 1/0):(log10(column("predicted_ratio"))) with linespoints lw 1.6 pt 5 ps 0.7 pi 5 lc rgb "#D55E00" dt 2 title "ρ^lag = 0.95^lag"
