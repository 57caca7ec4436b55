# Redraws gradient_norms_scale1_2.svg from the CSV data alone. Run in this folder: gnuplot gradient_norms_scale1_2.gp
# Writes gradient_norms_scale1_2-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "gradient_norms_scale1_2-gnuplot.svg"
set title "‖∂L/∂h_t‖ at init_scale 1 (seed 1) (2 of 2)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-80" -80.0, "1e-60" -60.0, "1e-40" -40.0, "1e-20" -20.0, "1e0" 0.0)
set yrange [-85.06268847696091:5.631071781617656]
plot "gradient_norms.csv" using (strcol("cell") eq "rnn-tanh" && strcol("init") eq "identity" && strcol("init_scale") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 2 ps 0.7 pi 5 lc rgb "#56B4E9" title "rnn-tanh, identity", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-identity" && strcol("init") eq "pytorch" && strcol("init_scale") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 1 ps 0.7 pi 5 lc rgb "#000000" title "rnn-identity, pytorch", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-identity" && strcol("init") eq "orthogonal" && strcol("init_scale") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#882255" title "rnn-identity, orthogonal", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-identity" && strcol("init") eq "identity" && strcol("init_scale") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 5 lc rgb "#44AA99" title "rnn-identity, identity"
